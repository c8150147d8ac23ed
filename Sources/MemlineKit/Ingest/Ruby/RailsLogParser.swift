import Foundation

/// Reads a Rails `production.log` (Rails 1.x to 8, tagged or not, with a Ruby Logger prefix, a syslog
/// prefix or none) into one `Request` per request.
///
/// A request is assembled from its `Started` (or Rails 2 `Processing … (for …) [GET]`) line, its
/// `Processing by C#a as F` line and its `Completed` line (see `RailsMessage` for every form read).
/// Its start time is the Logger (or syslog) prefix of the first line, else the time printed in the line
/// itself (`at 2024-12-15 22:40:07 +0900`); its end is the prefix time of `Completed`, else start plus
/// the duration. Times without an offset are read in `ParseContext.zone`.
///
/// **Interleaving.** Lines of concurrent requests (puma threads, several unicorn workers writing one
/// file) interleave. Open requests are keyed by their request-id tag when the log is tagged (exact),
/// else by pid (the Logger or syslog prefix; one shared key when there is none). Within one pid:
/// - `Processing by` goes to the most recent `Started` of that pid still without one (within 60 s),
///   preferring a request whose path fits the controller and action (`/reports/3` ↔ `ReportsController`);
/// - `Completed` goes to the processed request whose `Processing` time plus the printed duration is
///   nearest the `Completed` time (else the oldest); a Rails 2 `Completed … [url]` goes to the request
///   whose action fits the URL's path best.
/// So requests of one pid are never mixed with another pid's, and within a pid a request is paired
/// with the lines that fit it in path and timing; two identical concurrent requests may swap lines,
/// which changes no count and no endpoint.
///
/// **Requests that never complete** (the log ends, the worker died, a routing error in Rails 3-4
/// logs no `Completed`) are emitted with status nil: at `finish`, or once nothing touched them for 15
/// minutes of log time. `ActionController::RoutingError (No route matches …)` completes its request
/// with status 404. A `Completed` or `Processing` line whose start is not in the file (a rotated log
/// beginning mid-request) still makes a request from what it carries.
///
/// **Memory.** oink's `Memory usage: 400000 | PID: 67783` sets the request's `rss_after_kb` and, from
/// the previous oink line of the same pid, `rss_delta_kb`, and is also an RSS sample. The per-request RSS filter's
/// `CONSUME MEMORY:` lines, when logged to this file, become per-request RSS rows (as `request-rss`)
/// and fill the request's `rss_before_kb`/`rss_after_kb`/`rss_delta_kb`.
///
/// **Memory errors.** Worker-killer and out-of-memory lines (`PumaWorkerKiller: Out of memory.`,
/// unicorn-worker-killer's `exceeds memory limit`, `Errno::ENOMEM`, `NoMemoryError`: see `MemoryErrorLine`)
/// become events of kind `worker-killed`, `restart` or `enomem`, timed like any other line.
///
/// **lograge.** A lograge line (`method=GET path=/ … status=200 duration=12.3`, or its JSON) is a whole
/// request on its own (`LogrageLine`, `handleLograge`); one that repeats the request a `Completed` line just
/// closed (lograge's `keep_original_rails_log`) is not counted twice.
///
/// Lines that are not about requests (SQL, renders, parameters) are ignored; a `Completed` whose status
/// cannot be read, or a `Started` without a quoted path, is skipped with the reason.
struct RailsLogParser: LineParser {
    let context: ParseContext
    var byRequestID: [String: RailsOpenRequest] = [:]
    var byProcess: [Int: [RailsOpenRequest]] = [:]
    var lastOinkRSS: [Int: Double] = [:]
    /// The year for syslog prefixes, which print none: from the last full date read in the file.
    var yearHint: Int?
    var latest: Timestamp?
    var lastSweep: Timestamp?
    /// The last line with a Logger prefix: a line without one continues it (Rails 4 logs a routing
    /// error as `FATAL -- : ` followed by the message on its own line). Its bytes, copied into one reused
    /// buffer rather than a `String` per line.
    var lastPrefixed: [UInt8] = []
    /// The last few requests closed by a classic `Completed` line (a ring of `recentCompletedCapacity`), for the
    /// lograge line that repeats one (`keep_original_rails_log`).
    var recentCompleted: [RailsCompletedStamp] = []
    var recentCompletedNext = 0
    static let recentCompletedCapacity = 8

    /// Open requests untouched for this long (log time) are emitted as never completed.
    static let staleAfterMS: Int64 = 15 * 60 * 1000
    /// A `Processing by` line pairs only with a `Started` line at most this much older.
    static let processingWindowMS: Int64 = 60 * 1000
    /// At most this many open requests per pid; beyond it the oldest is emitted as never completed.
    static let maxOpenPerProcess = 256

    init(context: ParseContext) {
        self.context = context
        if let modified = context.modified {
            yearHint = Timestamp.civilFromDays(Int(modified.milliseconds / 86_400_000)).year
        }
    }

    mutating func parse(bytes: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        try handle(bytes, line: LineBytes(number: number, bytes: bytes), external: nil, sink: sink)
    }

    /// Reads one Rails message that another log carried, timed by that log (a Heroku `app[web.1]:` line,
    /// a Papertrail archive row).
    ///
    /// The message may still have its own Ruby Logger prefix; the carrier's time wins over it because it
    /// has an offset. Rows keep `line`'s number; skips keep its whole text.
    /// - Parameters:
    ///   - message: the bytes after the carrier's prefix, indexed from 0.
    ///   - time: when the carrier logged the line.
    mutating func parse(
        message: UnsafeBufferPointer<UInt8>, line: LineBytes, time: Timestamp, into sink: any RowSink
    ) throws {
        try handle(message, line: line, external: time, sink: sink)
    }

    /// The pid, request id and time of the last Logger-prefixed line, for a line that continues it.
    private func continued() -> (pid: Int?, requestID: String?, time: Timestamp?)? {
        guard !lastPrefixed.isEmpty else { return nil }
        return lastPrefixed.withUnsafeBufferPointer { u in
            let logger = RubyLoggerLine(parsing: u)
            let tag = logger.requestIDTag(in: u).map { ByteScanner(u).string($0) }
            return (logger.pid, tag, logger.timestamp(in: u, zone: context.zone))
        }
    }

    mutating func finish(into sink: any RowSink) throws {
        var rest = Array(byRequestID.values)
        for list in byProcess.values { rest.append(contentsOf: list) }
        byRequestID.removeAll()
        byProcess.removeAll()
        for open in rest.sorted(by: { $0.request.line < $1.request.line }) { try emit(open, into: sink) }
    }

    /// Where one line's request belongs and when it was written.
    struct LineFacts {
        var number: Int
        var pid: Int?
        var requestID: String?
        var host: String?
        var time: Timestamp?
        var key: Int { pid ?? -1 }
    }

    private mutating func handle(
        _ u: UnsafeBufferPointer<UInt8>, line: LineBytes, external: Timestamp?, sink: any RowSink
    ) throws {
        let logger = RubyLoggerLine(parsing: u)
        var tags = logger.messageStart..<logger.bodyStart
        var syslog: SyslogPrefix?
        if !logger.hasPrefix, u.count > 20, u[3] == 0x20, let prefix = SyslogPrefix(parsing: u) {
            syslog = prefix
            tags = prefix.messageStart..<RubyLoggerLine.tagsEnd(in: u, from: prefix.messageStart)
        }
        if logger.hasPrefix {
            lastPrefixed.removeAll(keepingCapacity: true)
            lastPrefixed.append(contentsOf: u)
        }
        guard let message = RailsMessage.read(u, at: tags.upperBound, zone: context.zone) else {
            if let lograge = LogrageLine.read(u, at: tags.upperBound, zone: context.zone) {
                try handleLograge(
                    lograge, u: u, logger: logger, syslog: syslog, tags: tags, external: external, line: line,
                    sink: sink)
                return
            }
            if let memoryError = MemoryErrorLine.match(u, from: tags.upperBound) {
                try noteMemoryError(
                    memoryError, u: u, from: tags.upperBound, logger: logger, syslog: syslog, external: external,
                    line: line, sink: sink)
            }
            return
        }

        let scanner = ByteScanner(u)
        var facts = LineFacts(number: line.number, pid: logger.pid ?? syslog?.pid)
        if !tags.isEmpty, let tag = RubyLoggerLine.requestIDTag(in: u, tags: tags) {
            facts.requestID = scanner.string(tag)
        }
        if let syslog { facts.host = scanner.string(syslog.hostRange) }
        // A full date printed in the message tells the year the syslog prefix leaves out.
        switch message {
        case .started(let s): noteYear(s.time)
        case .processing(let p): noteYear(p.time)
        default: break
        }
        facts.time = external ?? logger.timestamp(in: u, zone: context.zone) ?? syslog.map { syslogTime($0) }
        if !logger.hasPrefix, syslog == nil, let previous = continued() {
            facts.pid = previous.pid
            facts.requestID = facts.requestID ?? previous.requestID
            facts.time = external ?? previous.time
        }
        if let time = facts.time, latest.map({ time > $0 }) ?? true {
            latest = time
            try sweepIfDue(into: sink)
        }

        switch message {
        case .started(let started):
            try handleStarted(started, scanner: scanner, facts: facts, sink: sink)
        case .processingBy(let processing):
            handleProcessingBy(processing, scanner: scanner, facts: facts)
        case .processing(let processing):
            try handleProcessing(processing, scanner: scanner, facts: facts, sink: sink)
        case .completed(let completed):
            try handleCompleted(completed, scanner: scanner, facts: facts, sink: sink)
        case .oink(let rss, let pid):
            try handleOink(rssKB: rss, oinkPID: pid, facts: facts, sink: sink)
        case .routingError(let pathRange):
            guard let pathRange else { return }
            try handleRoutingError(
                path: EndpointNormalizer.split(bytes: rebased(u, pathRange)).path, facts: facts,
                sink: sink)
        case .consumeMemory(let consume):
            try handleConsumeMemory(consume, u: u, line: line, facts: facts, sink: sink)
        case .jobPerformed(let performed):
            try handleJobPerformed(performed, scanner: scanner, facts: facts, sink: sink)
        case .unreadable(let reason):
            try sink.skip(line: line.number, reason: reason, text: line.text)
        }
    }

    /// An ActiveJob run, from the line that ends it: it started its duration before the line's time.
    private func handleJobPerformed(
        _ p: RailsMessage.JobPerformed, scanner: ByteScanner, facts: LineFacts, sink: any RowSink
    ) throws {
        var job = Job(line: facts.number, status: p.failed ? "fail" : "done")
        job.jobClass = scanner.string(p.jobClass)
        job.jid = p.jobID.map(scanner.string)
        job.queue = p.queue.map(scanner.string)
        job.durationMS = p.durationMS
        job.pid = facts.pid
        job.host = facts.host
        job.tsEnd = facts.time
        if let end = facts.time, let ms = p.durationMS { job.tsStart = end.adding(milliseconds: -Int64(ms.rounded())) }
        try sink.emit(.job(job))
    }

    // MARK: - Lines

    private mutating func handleStarted(
        _ started: RailsMessage.Started, scanner: ByteScanner, facts: LineFacts, sink: any RowSink
    ) throws {
        var request = Request(line: facts.number)
        request.method = scanner.string(started.method)
        let (path, endpoint) = EndpointNormalizer.split(bytes: rebased(scanner.bytes, started.path))
        request.path = path
        request.endpoint = endpoint
        request.remoteIP = started.remoteIP.map { scanner.string($0) }
        request.tsStart = facts.time ?? started.time
        request.pid = facts.pid
        request.requestID = facts.requestID
        request.host = context.host ?? facts.host
        try open(RailsOpenRequest(request: request, fromStarted: true, seen: facts.time), facts: facts, sink: sink)
    }

    private mutating func handleProcessingBy(
        _ processing: RailsMessage.ProcessingBy, scanner: ByteScanner, facts: LineFacts
    ) {
        let action = scanner.string(processing.action)
        let format = processing.format.map { scanner.string($0) }
        if let id = facts.requestID {
            // Updated in place: one lookup, no copy of the request.
            func update(_ open: inout RailsOpenRequest) {
                open.request.action = action
                open.request.format = format
                open.processedAt = facts.time ?? open.request.tsStart
                open.lastSeen = facts.time ?? open.lastSeen
            }
            let host = context.host
            update(&byRequestID[id, default: RailsLogParser.orphan(facts: facts, host: host)])
            return
        }
        var list = byProcess[facts.key] ?? []
        if let index = indexForProcessing(in: list, action: action, time: facts.time) {
            list[index].request.action = action
            list[index].request.format = format
            list[index].processedAt = facts.time ?? list[index].request.tsStart
            list[index].lastSeen = facts.time ?? list[index].lastSeen
        } else {
            var open = orphan(facts: facts)
            open.request.action = action
            open.request.format = format
            open.processedAt = facts.time
            list.append(open)
        }
        byProcess[facts.key] = list
    }

    private mutating func handleProcessing(
        _ processing: RailsMessage.Processing, scanner: ByteScanner, facts: LineFacts, sink: any RowSink
    ) throws {
        var request = Request(line: facts.number)
        request.action = scanner.string(processing.action)
        request.format = processing.format.map { scanner.string($0) }
        request.method = processing.method.map { scanner.string($0) }
        request.remoteIP = processing.remoteIP.map { scanner.string($0) }
        request.tsStart = facts.time ?? processing.time
        request.pid = facts.pid
        request.requestID = facts.requestID
        request.host = context.host ?? facts.host
        var open = RailsOpenRequest(request: request, fromStarted: false, seen: facts.time)
        open.processedAt = request.tsStart
        try self.open(open, facts: facts, sink: sink)
    }

    private mutating func handleCompleted(
        _ completed: RailsMessage.Completed, scanner: ByteScanner, facts: LineFacts, sink: any RowSink
    ) throws {
        var urlPath: String?
        var urlEndpoint: String?
        if let url = completed.url {
            (urlPath, urlEndpoint) = EndpointNormalizer.split(bytes: rebased(scanner.bytes, url))
        }
        var open: RailsOpenRequest
        if let id = facts.requestID {
            open = byRequestID.removeValue(forKey: id) ?? orphan(facts: facts)
        } else {
            open =
                takeForCompleted(key: facts.key, path: urlPath, time: facts.time, durationMS: completed.durationMS)
                ?? orphan(facts: facts)
        }
        var request = open.request
        request.lineEnd = facts.number
        request.status = completed.status
        request.durationMS = completed.durationMS
        request.viewMS = completed.viewMS
        request.dbMS = completed.dbMS
        request.allocations = completed.allocations
        if request.path == nil, let urlPath {
            request.path = urlPath
            request.endpoint = urlEndpoint
        }
        request.tsEnd = facts.time
        if request.tsStart == nil, let end = facts.time, let duration = completed.durationMS {
            request.tsStart = end.adding(checkedMilliseconds: -duration)
        }
        open.request = request
        noteCompleted(request)
        try emit(open, into: sink)
    }

    private mutating func handleOink(rssKB: Double, oinkPID: Int?, facts: LineFacts, sink: any RowSink) throws {
        let memoryPID = oinkPID ?? facts.pid
        let previous = memoryPID.flatMap { lastOinkRSS[$0] }
        if let memoryPID { lastOinkRSS[memoryPID] = rssKB }
        let apply = { (request: inout Request) in
            request.rssAfterKB = rssKB
            if let previous { request.rssDeltaKB = rssKB - previous }
        }
        if let id = facts.requestID {
            if var open = byRequestID[id] {
                apply(&open.request)
                byRequestID[id] = open
            }
        } else {
            let key = facts.pid ?? oinkPID ?? -1
            if var list = byProcess[key], let index = list.firstIndex(where: \.isProcessed) ?? list.indices.first {
                apply(&list[index].request)
                byProcess[key] = list
            }
        }
        if let time = facts.time {
            try sink.emit(
                .rssSample(
                    RSSSample(
                        line: facts.number, ts: time, host: context.host ?? facts.host,
                        pid: memoryPID, rssKB: rssKB)))
        }
    }

    private mutating func handleRoutingError(path: String, facts: LineFacts, sink: any RowSink) throws {
        var open: RailsOpenRequest?
        if let id = facts.requestID {
            open = byRequestID.removeValue(forKey: id)
        } else if var list = byProcess[facts.key],
            let index = list.firstIndex(where: { !$0.isProcessed && $0.request.path == path })
        {
            open = list.remove(at: index)
            byProcess[facts.key] = list
        }
        guard var open else { return }
        open.request.status = 404
        open.request.lineEnd = facts.number
        open.request.tsEnd = facts.time
        if let start = open.request.tsStart, let end = facts.time {
            open.request.durationMS = Double(end.milliseconds - start.milliseconds)
        }
        try emit(open, into: sink)
    }

    private mutating func handleConsumeMemory(
        _ consume: ConsumeMemoryMessage, u: UnsafeBufferPointer<UInt8>, line: LineBytes, facts: LineFacts,
        sink: any RowSink
    ) throws {
        guard let time = facts.time else {
            try sink.skip(
                line: line.number, reason: "no time: expected a Ruby Logger prefix before `CONSUME MEMORY:`",
                text: line.text)
            return
        }
        let urlBytes = rebased(u, consume.urlRange)
        let (path, endpoint) = EndpointNormalizer.split(bytes: urlBytes)
        let host = context.host ?? facts.host
        try sink.emit(
            .requestMemory(
                RequestMemory(
                    line: line.number, ts: time, host: host, pid: facts.pid,
                    url: String(decoding: urlBytes, as: UTF8.self),
                    path: path, endpoint: endpoint, deltaKB: consume.deltaKB, rssKB: consume.rssKB)))
        try sink.emit(
            .rssSample(
                RSSSample(
                    line: line.number, ts: time, host: host, pid: facts.pid,
                    rssKB: consume.rssKB)))
        let apply = { (request: inout Request) in
            request.rssBeforeKB = consume.rssKB - consume.deltaKB
            request.rssAfterKB = consume.rssKB
            request.rssDeltaKB = consume.deltaKB
        }
        if let id = facts.requestID {
            if var open = byRequestID[id] {
                apply(&open.request)
                byRequestID[id] = open
            }
        } else if var list = byProcess[facts.key],
            let index = list.firstIndex(where: { $0.isProcessed && $0.request.path == path })
        {
            apply(&list[index].request)
            byProcess[facts.key] = list
        }
    }

    /// Emits the event of a worker-killer or out-of-memory line (`MemoryErrorLine`), timed like a request line;
    /// a line without any time is skipped with the reason.
    private mutating func noteMemoryError(
        _ match: MemoryErrorLine, u: UnsafeBufferPointer<UInt8>, from start: Int, logger: RubyLoggerLine,
        syslog: SyslogPrefix?, external: Timestamp?, line: LineBytes, sink: any RowSink
    ) throws {
        var time = external ?? logger.timestamp(in: u, zone: context.zone) ?? syslog.map { syslogTime($0) }
        var pid = logger.pid ?? syslog?.pid
        if !logger.hasPrefix, syslog == nil, let previous = continued() {
            time = time ?? previous.time
            pid = pid ?? previous.pid
        }
        guard let time else {
            try sink.skip(
                line: line.number,
                reason: "\(match.kind) line without a time: expected a Ruby Logger or syslog prefix before it",
                text: line.text)
            return
        }
        let host = context.host ?? syslog.map { ByteScanner(u).string($0.hostRange) }
        let message = ASCIIScan.string(u, ASCIIScan.trimmed(u, start..<u.count))
        try sink.emit(.event(match.event(line: line.number, time: time, host: host, pid: pid, message: message)))
    }

    // MARK: - Helpers

    private func rebased(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: u[range])
    }

    private mutating func noteYear(_ time: Timestamp?) {
        guard let time else { return }
        yearHint = Timestamp.civilFromDays(Int(time.milliseconds / 86_400_000)).year
    }

    func syslogTime(_ prefix: SyslogPrefix) -> Timestamp {
        let year = yearHint ?? Timestamp.civilFromDays(Int(Timestamp(date: Date()).milliseconds / 86_400_000)).year
        return prefix.timestamp(year: year, zone: context.zone)
    }

    /// A request known only from a later line (its start is not in the file).
    private func orphan(facts: LineFacts) -> RailsOpenRequest {
        RailsLogParser.orphan(facts: facts, host: context.host)
    }

    /// `orphan(facts:)` for `--host` = `host`, without touching the parser (for in-place updates of its tables).
    private static func orphan(facts: LineFacts, host: String?) -> RailsOpenRequest {
        var request = Request(line: facts.number)
        request.pid = facts.pid
        request.requestID = facts.requestID
        request.host = host ?? facts.host
        return RailsOpenRequest(request: request, fromStarted: false, seen: facts.time)
    }

    /// Emits a request, completing its end time from its start and duration when no line gave it.
    func emit(_ open: RailsOpenRequest, into sink: any RowSink) throws {
        var request = open.request
        if request.tsEnd == nil, let start = request.tsStart, let duration = request.durationMS {
            request.tsEnd = start.adding(checkedMilliseconds: duration)
        }
        try sink.emit(.request(request))
    }
}
