/// Reads `pidstat -r` reports (sysstat) into RSS samples, one per process per interval.
///
/// Understands the banner (`Linux 6.18.44 (vm) \t11/22/26 \t_x86_64_\t(2 CPU)`: host and date),
/// repeated headers, 24- and 12-hour clocks (`01:38:20 AM`), `-h` (`# Time` header, one line per
/// process; old sysstat prints Unix seconds there), `-t` (only the process rows, not its threads),
/// `-l` (commands with spaces), reports concatenated one after another, and the day roll-over at
/// midnight (`PidstatClock`). `Average:` lines are a summary, not samples: they are passed over,
/// as are rows of non-memory reports (`-u`, `-d`) and blank lines.
struct PidstatParser: LineParser {
    let context: ParseContext
    private var clock = PidstatClock()
    private var bannerHost: String?
    private var columns: PidstatColumns?

    init(context: ParseContext) {
        self.context = context
    }

    /// What a line starts with.
    private enum Lead {
        case clock(secondOfDay: Int)
        case epoch(seconds: Int)
        /// `# Time` of a `-h` header.
        case timeHeader
        /// `Average:` or its translation: the summary block.
        case summary
    }

    mutating func parse(bytes: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        try parse(bytes, line: LineBytes(number: number, bytes: bytes), into: sink)
    }

    private mutating func parse(_ u: UnsafeBufferPointer<UInt8>, line: LineBytes, into sink: any RowSink) throws {
        var start = 0
        while start < u.count, ASCIIScan.isSpace(u[start]) { start += 1 }
        if start == u.count { return }
        if ASCIIScan.hasPrefix(u, "Linux ", at: start) {
            try readBanner(u, line: line, into: sink)
            return
        }
        guard let (lead, rest) = readLead(u, from: start) else {
            try sink.skip(
                line: line.number,
                reason: "expected a pidstat line ('HH:MM:SS [AM|PM]' then PID, RSS… columns), a header, "
                    + "'Average:' or the 'Linux … (host) date' banner",
                text: line.text)
            return
        }
        if case .summary = lead { return }
        if case .clock(let secondOfDay) = lead { clock.advance(to: secondOfDay) }
        let fields = ASCIIScan.fields(u, from: rest)
        guard let first = fields.first else { return }
        if !ASCIIScan.isDigit(u[first.lowerBound]) && u[first.lowerBound] != UInt8(ascii: "-"),
            let header = PidstatColumns(names: fields.map { ASCIIScan.string(u, $0) })
        {
            columns = header
            return
        }
        if case .timeHeader = lead {
            try sink.skip(line: line.number, reason: "'# Time' header without a PID or TGID column", text: line.text)
            return
        }
        try readRow(u, fields: fields, lead: lead, line: line, into: sink)
    }

    /// Reads the time at the start of a line and where the rest begins.
    private func readLead(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> (Lead, Int)? {
        var end = start
        while end < u.count, !ASCIIScan.isSpace(u[end]) { end += 1 }
        let token = start..<end
        if token.count == 1, u[start] == UInt8(ascii: "#") {
            guard let time = ASCIIScan.fields(u, from: end).first, ASCIIScan.equalsIgnoringCase(u, time, "Time")
            else { return nil }
            return (.timeHeader, time.upperBound)
        }
        if token.count == 8, u[start + 2] == UInt8(ascii: ":"), u[start + 5] == UInt8(ascii: ":"),
            let h = ASCIIScan.int(u, start..<start + 2), let m = ASCIIScan.int(u, start + 3..<start + 5),
            let s = ASCIIScan.int(u, start + 6..<start + 8), h < 24, m < 60, s < 61
        {
            var hour = h
            var rest = end
            // A 12-hour clock (en_US locale) adds AM or PM as a word of its own.
            var i = end
            while i < u.count, ASCIIScan.isSpace(u[i]) { i += 1 }
            var j = i
            while j < u.count, !ASCIIScan.isSpace(u[j]) { j += 1 }
            let isAM = ASCIIScan.equalsIgnoringCase(u, i..<j, "AM")
            let isPM = ASCIIScan.equalsIgnoringCase(u, i..<j, "PM")
            if isAM || isPM {
                guard (1...12).contains(h) else { return nil }
                hour = h % 12 + (isPM ? 12 : 0)
                rest = j
            }
            return (.clock(secondOfDay: hour * 3600 + m * 60 + min(s, 59)), rest)
        }
        if token.count >= 9, token.count <= 11, let seconds = ASCIIScan.int(u, token), seconds > 0 {
            return (.epoch(seconds: seconds), end)
        }
        // `Average:` (or its translation in the user's locale) opens the summary block.
        if token.count > 1, u[end - 1] == UInt8(ascii: ":"),
            u[start..<end - 1].allSatisfy({ $0 >= 0x80 || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || $0 == 46 })
        {
            return (.summary, end)
        }
        return nil
    }

    private mutating func readBanner(_ u: UnsafeBufferPointer<UInt8>, line: LineBytes, into sink: any RowSink) throws {
        let fields = ASCIIScan.fields(u).map { ASCIIScan.string(u, $0) }
        columns = nil
        if fields.count > 2, fields[2].hasPrefix("("), fields[2].hasSuffix(")"), fields[2].count > 2 {
            bannerHost = String(fields[2].dropFirst().dropLast())
        }
        guard let date = fields.dropFirst(2).lazy.compactMap(PidstatClock.parseDate).first else {
            try sink.skip(
                line: line.number,
                reason: "pidstat banner without a readable date (expected MM/DD/YY, MM/DD/YYYY or YYYY-MM-DD); "
                    + "the rows below cannot be dated", text: line.text)
            clock = PidstatClock()
            return
        }
        clock.start(year: date.year, month: date.month, day: date.day)
    }

    private func readRow(
        _ u: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], lead: Lead, line: LineBytes, into sink: any RowSink
    ) throws {
        guard let columns else {
            try sink.skip(
                line: line.number, reason: "pidstat row before any header line naming its columns",
                text: line.text)
            return
        }
        guard columns.hasMemory else { return }
        guard fields.count >= columns.count else {
            try sink.skip(
                line: line.number,
                reason: "expected \(columns.count) columns after the time as in the header, found \(fields.count)",
                text: line.text)
            return
        }
        // With -t, a process row has TID '-' and its threads have TGID '-': threads share the process's memory.
        if ASCIIScan.equalsIgnoringCase(u, fields[columns.pid], "-") { return }
        if let tid = columns.tid, !ASCIIScan.equalsIgnoringCase(u, fields[tid], "-") { return }
        guard let pid = ASCIIScan.int(u, fields[columns.pid]) else {
            try sink.skip(line: line.number, reason: "PID column: expected a number", text: line.text)
            return
        }
        guard let rssIndex = columns.rss, let rss = ASCIIScan.double(u, fields[rssIndex]) else {
            try sink.skip(line: line.number, reason: "RSS column: expected a number of kB", text: line.text)
            return
        }
        let ts: Timestamp
        switch lead {
        case .clock(let secondOfDay):
            guard let t = clock.timestamp(secondOfDay: secondOfDay, zone: context.zone) else {
                try sink.skip(
                    line: line.number,
                    reason: "no pidstat banner ('Linux … (host) MM/DD/YY …') before this row: its date is unknown",
                    text: line.text)
                return
            }
            ts = t
        case .epoch(let seconds):
            ts = Timestamp(milliseconds: Int64(seconds) * 1000)
        case .timeHeader, .summary:
            return
        }
        func number(_ index: Int?) -> Double? { index.flatMap { ASCIIScan.double(u, fields[$0]) } }
        var process: String?
        if let command = columns.command {
            let trimmed = ASCIIScan.trimmed(u, fields[command].lowerBound..<u.count)
            process = ASCIIScan.string(u, trimmed)
        }
        let sample = RSSSample(
            line: line.number, ts: ts, host: context.host ?? bannerHost, pid: pid, process: process, rssKB: rss,
            vszKB: number(columns.vsz), minorFaultsPerSecond: number(columns.minorFaults),
            majorFaultsPerSecond: number(columns.majorFaults), memPercent: number(columns.memPercent))
        try sink.emit(.rssSample(sample))
    }
}
