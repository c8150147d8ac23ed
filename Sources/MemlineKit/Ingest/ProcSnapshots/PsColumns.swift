/// The columns of a `ps` header line (`ps aux`, `ps -ef`-style `-o` lists): where PID, RSS and the rest are.
///
/// `ps` prints RSS and VSZ in KiB whatever the column is called (`RSS`, `RSZ`; `VSZ`, `VSIZE`). The command is
/// the rest of the line when it is the last column (`COMMAND`/`CMD`/`ARGS` hold spaces), else one word.
struct PsColumns: Sendable, Equatable {
    var count: Int
    var pid: Int
    var rss: Int
    var vsz: Int?
    var memPercent: Int?
    var command: Int?

    init(count: Int, pid: Int, rss: Int, vsz: Int?, memPercent: Int?, command: Int?) {
        self.count = count
        self.pid = pid
        self.rss = rss
        self.vsz = vsz
        self.memPercent = memPercent
        self.command = command
    }

    /// Reads a header line; nil when it is not one (no PID or no RSS column, or not all upper-case names).
    init?(header text: String) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count >= 2,
            words.allSatisfy({ $0.allSatisfy { $0.isUppercase || $0 == "%" || $0 == "_" || $0 == "-" } }),
            let pid = words.firstIndex(of: "PID"),
            let rss = words.firstIndex(where: { $0 == "RSS" || $0 == "RSZ" })
        else { return nil }
        count = words.count
        self.pid = pid
        self.rss = rss
        vsz = words.firstIndex { $0 == "VSZ" || $0 == "VSIZE" }
        memPercent = words.firstIndex(of: "%MEM")
        command = words.firstIndex { ["COMMAND", "CMD", "ARGS", "COMM", "UCOMM"].contains($0) }
    }

    /// `ps aux` / `ps u`'s BSD user layout: USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND.
    static let bsdUser = PsColumns(count: 11, pid: 1, rss: 5, vsz: 4, memPercent: 3, command: 10)

    /// The BSD user layout for a row printed without its header (`ps aux | grep puma` drops it): the row must read
    /// as one, field by field (a pid, two percentages, VSZ and RSS in KiB, a state, a CPU time), so no other table
    /// is taken for it.
    static func headerless(_ text: String) -> PsColumns? {
        let f = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard f.count >= 11, Int(f[1]) != nil, f[2].contains("."), Double(f[2]) != nil, f[3].contains("."),
            Double(f[3]) != nil, Int(f[4]) != nil, Int(f[5]) != nil,
            f[7].first.map({ "DIRSTWXZPIK".contains($0) }) == true,
            f[9].contains(":"), f[9].allSatisfy({ $0.isNumber || $0 == ":" || $0 == "-" || $0 == "." })
        else { return nil }
        return bsdUser
    }

    /// The process name of a command column: the program's base name (`/usr/bin/ruby worker.rb` → `ruby`),
    /// without the colon a retitled process adds (`puma: cluster worker 0` → `puma`).
    static func processName(_ command: Substring) -> String {
        let program = command.split(separator: " ", maxSplits: 1).first ?? command
        var name = program.split(separator: "/").last.map(String.init) ?? String(program)
        if name.hasSuffix(":") { name.removeLast() }
        return name
    }
}
