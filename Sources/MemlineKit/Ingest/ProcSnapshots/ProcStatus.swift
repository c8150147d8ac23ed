/// The memory fields of one `/proc/PID/status` file, in KiB.
///
/// Kernel threads and zombies have no `VmRSS` line; `parse` returns nil for them, since they have no
/// user memory to record.
public struct ProcStatus: Sendable, Equatable {
    /// `Name:` — the command name (comm, at most 15 bytes).
    public var name: String
    public var pid: Int?
    /// `State:` letter: R, S, D, Z, T…
    public var state: String?
    public var rssKB: Int
    public var hwmKB: Int?
    public var vmSizeKB: Int?
    public var swapKB: Int?
    public var rssAnonKB: Int?
    public var rssFileKB: Int?
    public var rssShmemKB: Int?
    public var threads: Int?

    public init(
        name: String, pid: Int? = nil, state: String? = nil, rssKB: Int, hwmKB: Int? = nil, vmSizeKB: Int? = nil,
        swapKB: Int? = nil, rssAnonKB: Int? = nil, rssFileKB: Int? = nil, rssShmemKB: Int? = nil, threads: Int? = nil
    ) {
        self.name = name
        self.pid = pid
        self.state = state
        self.rssKB = rssKB
        self.hwmKB = hwmKB
        self.vmSizeKB = vmSizeKB
        self.swapKB = swapKB
        self.rssAnonKB = rssAnonKB
        self.rssFileKB = rssFileKB
        self.rssShmemKB = rssShmemKB
        self.threads = threads
    }

    /// Parses the text of a status file.
    /// - Returns: nil when the text has no `VmRSS:` (kernel thread, zombie, or not a status file).
    public static func parse(_ text: String) -> ProcStatus? {
        let values = ProcKeyValues(text)
        guard let rss = values.number("VmRSS") else { return nil }
        let state = values.text("State").flatMap { $0.first.map(String.init) }
        if state == "Z" { return nil }
        return ProcStatus(
            name: values.text("Name") ?? "", pid: values.number("Pid"), state: state, rssKB: rss,
            hwmKB: values.number("VmHWM"), vmSizeKB: values.number("VmSize"), swapKB: values.number("VmSwap"),
            rssAnonKB: values.number("RssAnon"), rssFileKB: values.number("RssFile"),
            rssShmemKB: values.number("RssShmem"), threads: values.number("Threads"))
    }
}
