/// One process or cgroup reading from /proc (taken by the recorder, or read from a saved capture), before it is
/// stored as an `rss_samples` row.
public struct ProcReading: Sendable, Equatable {
    public var ts: Timestamp
    /// nil for a cgroup reading.
    public var pid: Int?
    /// The command name, or the cgroup path.
    public var process: String
    /// Resident memory: VmRSS, or the cgroup's current usage.
    public var rssKB: Int
    public var status: ProcStatus?
    public var smaps: SmapsRollup?
    public var cgroup: CgroupMemory?

    public init(
        ts: Timestamp, pid: Int?, process: String, rssKB: Int, status: ProcStatus? = nil, smaps: SmapsRollup? = nil,
        cgroup: CgroupMemory? = nil
    ) {
        self.ts = ts
        self.pid = pid
        self.process = process
        self.rssKB = rssKB
        self.status = status
        self.smaps = smaps
        self.cgroup = cgroup
    }

    /// The memory limit in force, KiB (the cgroup's max), when known.
    public var limitKB: Int? { cgroup?.maxBytes.map { $0 / 1024 } }
    public var swapKB: Int? { status?.swapKB }
}
