/// A process the recorder follows: what it was first and last seen with.
public struct TrackedProcess: Sendable, Equatable {
    public var pid: Int
    public var name: String
    public var cmdline: String
    public var firstSeen: Timestamp
    public var firstRSSKB: Int
    public var last: ProcReading
    public var peakRSSKB: Int

    public init(pid: Int, name: String, cmdline: String, first: ProcReading) {
        self.pid = pid
        self.name = name
        self.cmdline = cmdline
        self.firstSeen = first.ts
        self.firstRSSKB = first.rssKB
        self.last = first
        self.peakRSSKB = first.rssKB
    }

    /// RSS growth since the recorder first saw the process, KiB.
    public var deltaKB: Int { last.rssKB - firstRSSKB }
}
