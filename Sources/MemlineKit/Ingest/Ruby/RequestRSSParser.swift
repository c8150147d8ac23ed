/// Reads per-request RSS lines (a Rails around-filter's `performance.log`) into `request_memory` and `rss_samples`.
///
/// Each `I, [2017-07-26T10:00:01.123456 #7551]  INFO -- : CONSUME MEMORY: 16528KB\tNow: 211704 KB\tURL`
/// line gives one `RequestMemory` (delta and RSS after the request, URL, path, endpoint) and one
/// `RSSSample` of the worker (`rss` = `Now:`, pid from the prefix), so the RSS of every worker can be
/// plotted from the same file. Several worker pids interleave freely: each line stands alone.
///
/// Worker-killer and out-of-memory lines logged to the same file become events (`MemoryErrorLine`).
///
/// Not errors: blank lines, Ruby `Logger`'s `# Logfile created on …` header, and Logger lines with
/// other messages. Skipped with a reason: `CONSUME MEMORY:` lines whose fields cannot be read, Logger lines with a
/// per-request line's shape (`…KB` then `Now:`) whose marker is damaged, lines
/// with neither a Logger prefix nor `CONSUME MEMORY:` (garbage, a line cut by a crash or a copy), and
/// `CONSUME MEMORY:` lines without a time.
struct RequestRSSParser: LineParser {
    let context: ParseContext

    mutating func parse(bytes: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        try parse(bytes, line: LineBytes(number: number, bytes: bytes), into: sink)
    }

    private func parse(_ u: UnsafeBufferPointer<UInt8>, line: LineBytes, into sink: any RowSink) throws {
        let scanner = ByteScanner(u)
        if scanner.trimmed(0..<u.count).isEmpty || scanner.matches("# Logfile created on", at: 0) { return }
        let logger = RubyLoggerLine(parsing: u)
        guard let start = ConsumeMemoryMessage.locate(in: u, from: logger.bodyStart) else {
            if logger.hasPrefix {
                // A worker killer or an out-of-memory error logged to the same file.
                if let match = MemoryErrorLine.match(u, from: logger.bodyStart),
                    let ts = logger.timestamp(in: u, zone: context.zone)
                {
                    let message = ASCIIScan.string(u, ASCIIScan.trimmed(u, logger.bodyStart..<u.count))
                    try sink.emit(
                        .event(
                            match.event(
                                line: line.number, time: ts, host: context.host, pid: logger.pid, message: message)))
                } else if let now = scanner.find("Now:", from: logger.bodyStart),
                    scanner.find("KB", from: logger.bodyStart, before: now) != nil
                {
                    // The shape of a per-request line (`…KB\tNow: …`) without its marker: damaged, not another message.
                    try sink.skip(
                        line: line.number,
                        reason: "a per-request RSS line whose `CONSUME MEMORY:` marker is damaged (`…KB\\tNow: …` "
                            + "without it)", text: line.text)
                }
                return
            }
            try sink.skip(
                line: line.number,
                reason: "expected a Ruby Logger line `I, [2017-07-26T10:00:01.123456 #7551]  INFO -- : "
                    + "CONSUME MEMORY: 16528KB\\tNow: 211704 KB\\tURL`", text: line.text)
            return
        }
        let message: ConsumeMemoryMessage
        switch ConsumeMemoryMessage.parse(u, at: start) {
        case .success(let parsed): message = parsed
        case .failure(let failure):
            try sink.skip(line: line.number, reason: failure.reason, text: line.text)
            return
        }
        guard
            let ts = logger.timestamp(in: u, zone: context.zone)
                ?? Timestamp.parseISO(bytes: u, zone: context.zone)?.timestamp
        else {
            try sink.skip(
                line: line.number,
                reason: "no time: expected the Ruby Logger prefix `I, [2017-07-26T10:00:01.123456 #7551]  INFO -- : ` "
                    + "before `CONSUME MEMORY:`", text: line.text)
            return
        }
        let urlBytes = UnsafeBufferPointer(rebasing: u[message.urlRange])
        let url = String(decoding: urlBytes, as: UTF8.self)
        let (path, endpoint) = EndpointNormalizer.split(bytes: urlBytes)
        try sink.emit(
            .requestMemory(
                RequestMemory(
                    line: line.number, ts: ts, host: context.host, pid: logger.pid, url: url, path: path,
                    endpoint: endpoint, deltaKB: message.deltaKB, rssKB: message.rssKB)))
        try sink.emit(
            .rssSample(RSSSample(line: line.number, ts: ts, host: context.host, pid: logger.pid, rssKB: message.rssKB)))
    }
}
