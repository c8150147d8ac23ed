/// Reads `ps` output saved to a file (`ps aux`, `ps -eo pid,rss,vsz,comm`), one or many snapshots.
///
/// Each snapshot starts at a header line (or, for `ps aux` rows printed without one, at the first row after a time
/// line) and is timed by `SnapshotClock`; the rows of one that cannot be placed in
/// time are skipped, with a reason.
/// Kernel threads (`[kthreadd]`, RSS 0) hold no user memory and are left out.
struct PsSnapshotParser: TextLineParser {
    let context: ParseContext
    private var columns: PsColumns?
    /// The rows carry no header (`ps aux | grep`): each time line begins the next snapshot.
    private var headerless = false
    private var clock: SnapshotClock
    /// The time of the current snapshot, nil when it has none.
    private var snapshotTime: Timestamp?

    init(context: ParseContext) {
        self.context = context
        clock = SnapshotClock(context: context)
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let text = line.text
        guard text.contains(where: { $0 != " " && $0 != "\t" }) else { return }
        if clock.readStamp(text, zone: context.zone) { return }
        if let reason = SnapshotStamp.outOfRange(text) {
            return try sink.skip(line: line.number, reason: reason, text: text)
        }
        if let header = PsColumns(header: text) {
            snapshotTime = clock.beginSnapshot()
            columns = header
            headerless = false
            return
        }
        // `ps aux | grep …` drops the header: a row that reads as `ps aux`'s layout starts a snapshot of its own
        // after each time line.
        if columns == nil || (headerless && clock.hasFreshStamp), let aux = PsColumns.headerless(text) {
            snapshotTime = clock.beginSnapshot()
            columns = aux
            headerless = true
        }
        guard let columns else {
            try sink.skip(
                line: line.number,
                reason:
                    "ps row before any header line naming its columns (keep ps's header: ps aux | awk 'NR == 1 || /name/')",
                text: text)
            return
        }
        guard let ts = snapshotTime else {
            try sink.skip(line: line.number, reason: clock.missingTime("ps snapshot", capture: "`ps`"), text: text)
            return
        }
        let fields = Self.fields(text, count: columns.count, restFrom: columns.command == columns.count - 1)
        // A last command column may be empty (a process that cleared its argv).
        let lastIsCommand = columns.command == columns.count - 1
        guard fields.count >= columns.count || (fields.count == columns.count - 1 && lastIsCommand) else {
            try sink.skip(
                line: line.number, reason: "expected \(columns.count) ps columns, found \(fields.count)", text: text)
            return
        }
        func field(_ index: Int?) -> Substring? { index.flatMap { $0 < fields.count ? fields[$0] : nil } }
        guard let pid = field(columns.pid).flatMap({ Int($0) }) else {
            try sink.skip(line: line.number, reason: "PID column: expected a number", text: text)
            return
        }
        guard let rss = field(columns.rss).flatMap({ Double($0) }) else {
            try sink.skip(line: line.number, reason: "RSS column: expected a number of KiB", text: text)
            return
        }
        let command = field(columns.command) ?? ""
        if rss == 0, command.hasPrefix("[") { return }
        try sink.emit(
            .rssSample(
                RSSSample(
                    line: line.number, ts: ts, host: context.host, pid: pid,
                    process: command.isEmpty ? nil : PsColumns.processName(command), rssKB: rss,
                    vszKB: field(columns.vsz).flatMap { Double($0) },
                    memPercent: field(columns.memPercent).flatMap { Double($0) })))
    }

    /// The blank-separated fields of a row; with `restFrom`, the last one runs to the end of the line.
    static func fields(_ text: String, count: Int, restFrom: Bool) -> [Substring] {
        var out: [Substring] = []
        var i = text.startIndex
        while i < text.endIndex {
            while i < text.endIndex, text[i] == " " || text[i] == "\t" { i = text.index(after: i) }
            guard i < text.endIndex else { break }
            if restFrom, out.count == count - 1 {
                var end = text.endIndex
                while end > i, text[text.index(before: end)] == " " { end = text.index(before: end) }
                out.append(text[i..<end])
                break
            }
            var j = i
            while j < text.endIndex, text[j] != " ", text[j] != "\t" { j = text.index(after: j) }
            out.append(text[i..<j])
            i = j
        }
        return out
    }
}
