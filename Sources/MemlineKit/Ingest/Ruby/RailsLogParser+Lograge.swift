/// How `RailsLogParser` reads lograge's one-line requests (`LogrageLine`), in a `lograge` or `rails` file and
/// in the app lines of Heroku and Papertrail streams.
extension RailsLogParser {
    /// Emits the request of one lograge line, or skips the line with the reason when it cannot be one.
    ///
    /// The line is the whole request: it ends at the line's time (the carrier's, else its own `time` field,
    /// else the Logger or syslog prefix) and starts `duration` earlier. The action is `Controller#action`;
    /// path and endpoint are read as for `Started` lines. The request id is the tag of a tagged log, else the
    /// `request_id` field; pid and host come from the prefix, else from the fields (`--host` wins). A line that
    /// repeats a request a `Completed` line just closed (`keep_original_rails_log`) emits nothing.
    mutating func handleLograge(
        _ reading: LogrageLine.Reading, u: UnsafeBufferPointer<UInt8>, logger: RubyLoggerLine,
        syslog: SyslogPrefix?, tags: Range<Int>, external: Timestamp?, line: LineBytes, sink: any RowSink
    ) throws {
        let lograge: LogrageLine
        switch reading {
        case .line(let read): lograge = read
        case .unreadable(let reason):
            try sink.skip(line: line.number, reason: reason, text: line.text)
            return
        }
        var request = Request(line: line.number)
        request.method = lograge.method.map { lograge.text(u, $0) }
        if let path = lograge.path {
            (request.path, request.endpoint) =
                lograge.isJSON
                ? EndpointNormalizer.split(url: lograge.text(u, path))
                : EndpointNormalizer.split(bytes: UnsafeBufferPointer(rebasing: u[path]))
        }
        if let controller = lograge.controller, let action = lograge.action {
            request.action = lograge.text(u, controller) + "#" + lograge.text(u, action)
        }
        request.format = lograge.format.map { lograge.text(u, $0) }
        request.status = lograge.status
        request.durationMS = lograge.durationMS
        request.viewMS = lograge.viewMS
        request.dbMS = lograge.dbMS
        request.allocations = lograge.allocations
        if !tags.isEmpty, let tag = RubyLoggerLine.requestIDTag(in: u, tags: tags) {
            request.requestID = ByteScanner(u).string(tag)
        } else {
            request.requestID = lograge.requestID.map { lograge.text(u, $0) }
        }
        request.pid = logger.pid ?? syslog?.pid ?? lograge.pid
        request.host =
            context.host ?? syslog.map { ByteScanner(u).string($0.hostRange) }
            ?? lograge.host.map { lograge.text(u, $0) }
        let time =
            external ?? lograge.time ?? logger.timestamp(in: u, zone: context.zone) ?? syslog.map { syslogTime($0) }
        request.tsEnd = time
        if let time, let duration = lograge.durationMS {
            request.tsStart = time.adding(checkedMilliseconds: -duration)
        }
        if let time, latest.map({ time > $0 }) ?? true {
            latest = time
            try sweepIfDue(into: sink)
        }
        if let index = recentCompleted.firstIndex(where: { $0.isRepeated(by: request) }) {
            // `keep_original_rails_log`: the request is already a row, with its allocations.
            recentCompleted.remove(at: index)
            recentCompletedNext = recentCompleted.count % RailsLogParser.recentCompletedCapacity
            return
        }
        try sink.emit(.request(request))
    }

    /// Keeps what a `Completed` line said, for a lograge line that may repeat it.
    mutating func noteCompleted(_ request: Request) {
        guard request.action != nil else { return }
        let stamp = RailsCompletedStamp(request)
        if recentCompleted.count < RailsLogParser.recentCompletedCapacity {
            recentCompleted.append(stamp)
        } else {
            recentCompleted[recentCompletedNext] = stamp
        }
        recentCompletedNext = (recentCompletedNext + 1) % RailsLogParser.recentCompletedCapacity
    }
}
