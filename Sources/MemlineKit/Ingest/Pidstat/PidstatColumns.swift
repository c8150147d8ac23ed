/// Where each value sits in a pidstat report, read from its header line.
///
/// pidstat's columns differ between versions and options: `UID` or `USER` (`-U`) or neither
/// (sysstat < 10), `TGID`/`TID` with `-t`, CPU and I/O columns in front of the memory ones with
/// `-h` and several reports. Rows are therefore read by column name, never by position.
struct PidstatColumns: Sendable, Equatable {
    /// Number of header names after the time; `Command` is always last and may hold spaces (`-l`).
    let count: Int
    /// `PID`, or `TGID` when threads are shown (`-t`).
    let pid: Int
    /// `TID` with `-t`: rows with a thread id are threads of the process row above them.
    let tid: Int?
    let rss: Int?
    let vsz: Int?
    let minorFaults: Int?
    let majorFaults: Int?
    let memPercent: Int?
    let command: Int?

    /// Reads the names of a header line (the words after its time).
    /// - Returns: nil when the words are not a pidstat header (no `PID`/`TGID` column).
    init?(names: [String]) {
        func index(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let first = names.first, ["UID", "USER", "PID", "TGID"].contains(first),
            let pid = index("TGID") ?? index("PID")
        else { return nil }
        self.count = names.count
        self.pid = pid
        self.tid = index("TID")
        self.rss = index("RSS")
        self.vsz = index("VSZ")
        self.minorFaults = index("minflt/s")
        self.majorFaults = index("majflt/s")
        self.memPercent = index("%MEM")
        self.command = names.last == "Command" ? names.count - 1 : nil
    }

    /// Whether this report has memory columns (`-r`); rows of other reports (`-u`, `-d`) are not samples.
    var hasMemory: Bool { rss != nil }
}
