/// What `memline record` samples.
public enum RecordTarget: Sendable, Equatable {
    /// These processes, until each exits.
    case pids([Int])
    /// Every process whose command line matches the regular expression (`ProcessPattern`), including ones that
    /// start later.
    case match(String)
    /// One memory cgroup directory (v2 `memory.current` or v1 `memory.usage_in_bytes`).
    case cgroup(String)

    /// How the target reads on a command line: `--pid 12 13`, `--match puma`, `--cgroup /sys/fs/cgroup/app`.
    public var description: String {
        switch self {
        case .pids(let pids): "--pid " + pids.map(String.init).joined(separator: " ")
        case .match(let pattern): "--match \(pattern)"
        case .cgroup(let path): "--cgroup \(path)"
        }
    }

    var isCgroup: Bool {
        if case .cgroup = self { return true }
        return false
    }
}
