/// Everything one Heroku log stream says, message by message, whatever file carried it (`heroku logs`, a log
/// drain, a Papertrail archive).
///
/// Each message comes with its time, its source (`heroku` or `app`) and its dyno (`web.1`, `router`, `api`):
/// - `heroku[router]` → a `requests` row (dyno as host, request id, method, path, endpoint, status, `service`
///   as duration, bytes), joined with the app's own Rails lines for the same request id
///   (`RouterRequestJoiner`); router errors (`at=error code=H12 …`) are also events (`HerokuRouterLine`);
/// - `heroku[web.1]: source=web.1 … sample#memory_rss=…` → an `rss_samples` row (`HerokuRuntimeMetrics`);
/// - other `heroku[…]` and `app[api]` messages → events (`HerokuPlatformMessage`: r14, r15, r10, restart,
///   crash, up, down, kill, exit, deploy, release, rollback, scale, config);
/// - `app[web.1]` and every other app dyno: a Sidekiq message (`pid=… tid=… INFO: start`, or JSON) goes to that
///   dyno's `SidekiqJobTracker`; an app server's worker event (`[4] - Worker 0 (PID: 9) booted`, unicorn's
///   `reaped … worker=1`, and worker killers once the dyno has shown its app server) to that dyno's
///   `AppServerLogParser`; an Erlang/Elixir logger entry (and, from then on, the dyno's other lines: its
///   continuation lines) to that dyno's `ErlangLoggerParser`; anything else goes to that dyno's `RailsLogParser`,
///   timed by the Heroku time (classic `Started`/`Completed` lines and lograge's one-line requests alike). Worker
///   killers and out-of-memory errors (`MemoryErrorLine`) become events on every path.
///
/// State is kept per dyno (one parser of each kind each), so interleaved dynos never mix.
/// Rows carry the dyno as `host` unless `--host` was given.
struct HerokuStream {
    let context: ParseContext
    /// Per dyno, the index of its Rails parser in `railsParsers` (mutated in place: no copy per line).
    private var rails: [String: Int] = [:]
    private var railsParsers: [RailsLogParser] = []
    /// Per parser, whether its requests go through the router joiner (Heroku app dynos) or straight to the sink.
    private var railsJoinsRouter: [Bool] = []
    private var sidekiq: [String: SidekiqJobTracker] = [:]
    /// Per dyno, the app server's master log (Puma, Unicorn) its worker events go to.
    private var appServers: [String: AppServerLogParser] = [:]
    /// Per dyno, from its first Erlang/Elixir logger entry on, the logger parser its lines go to.
    private var erlang: [String: ErlangLoggerParser] = [:]
    private var joiner: RouterRequestJoiner?
    /// The last `Process running mem=…` per dyno, for the R14/R15 line that follows it.
    private var runningMemory: [String: (mb: Double, percent: Double?, time: Timestamp)] = [:]

    init(context: ParseContext) {
        self.context = context
    }

    /// Handles one message.
    /// - Parameters:
    ///   - u: the line's bytes; the message is `u[start...]`.
    ///   - source: `heroku` or `app` (anything else is read as `app`).
    ///   - dyno: `web.1`, `router`, `api`, `worker.2`, `scheduler.4012` …
    mutating func handle(
        _ u: UnsafeBufferPointer<UInt8>, messageStart start: Int, source: Substring, dyno: String, time: Timestamp,
        line: LineBytes, into sink: any RowSink
    ) throws {
        let joiner = self.joiner ?? RouterRequestJoiner(downstream: sink)
        self.joiner = joiner
        joiner.downstream = sink
        if source == "heroku" {
            if dyno == "router" {
                try router(u, from: start, time: time, line: line, joiner: joiner, sink: sink)
            } else if let metrics = HerokuRuntimeMetrics(u, from: start) {
                try runtimeMetrics(metrics, dyno: dyno, time: time, line: line, sink: sink)
            } else if let message = HerokuPlatformMessage.dyno(u, from: start) {
                try platform(message, u: u, from: start, dyno: dyno, time: time, line: line, sink: sink)
            }
            return
        }
        if dyno == "api" {
            if case .event(let kind, let details) = HerokuPlatformMessage.api(u, from: start) {
                try sink.emit(
                    .event(
                        Event(
                            line: line.number, ts: time, host: context.host, process: "api", kind: kind,
                            message: ASCIIScan.string(u, start..<u.count), details: details.text)))
            }
            return
        }
        // Old drains label platform messages `app` too (`<40>1 … host app web.3 - State changed …`).
        if let metrics = HerokuRuntimeMetrics(u, from: start) {
            try runtimeMetrics(metrics, dyno: dyno, time: time, line: line, sink: sink)
            return
        }
        if let message = HerokuPlatformMessage.dyno(u, from: start) {
            try platform(message, u: u, from: start, dyno: dyno, time: time, line: line, sink: sink)
            return
        }
        try appLine(u, messageStart: start, dyno: dyno, time: time, line: line, into: sink, joiningRouter: true)
    }

    /// Handles an application's own line: Sidekiq (per `dyno`), else Rails (per `dyno`); worker killers and
    /// out-of-memory errors become events on either path. For other log streams that carry Rails or Sidekiq
    /// lines (a Papertrail archive of a plain server, with the system name as `dyno`).
    /// - Parameter joiningRouter: whether the dyno's requests may have router lines to join (a Heroku app dyno);
    ///   a plain server's go straight to `sink`.
    mutating func appLine(
        _ u: UnsafeBufferPointer<UInt8>, messageStart start: Int, dyno: String, time: Timestamp, line: LineBytes,
        into sink: any RowSink, joiningRouter: Bool
    ) throws {
        let joiner = self.joiner ?? RouterRequestJoiner(downstream: sink)
        self.joiner = joiner
        joiner.downstream = sink
        let messageBytes = UnsafeBufferPointer(rebasing: u[min(start, u.count)...])
        if let message = SidekiqMessage.parse(timedBytes: messageBytes, timestamp: time, zone: context.zone) {
            var tracker = sidekiq[dyno] ?? SidekiqJobTracker(host: context.host ?? dyno)
            if let match = MemoryErrorLine.match(messageBytes) {
                try sink.emit(
                    .event(
                        match.event(
                            line: line.number, time: message.ts ?? time, host: context.host ?? dyno, pid: message.pid,
                            message: message.text)))
            }
            try tracker.consume(message, line: line.line, into: sink)
            sidekiq[dyno] = tracker
            return
        }
        if try runtimeLine(messageBytes, dyno: dyno, time: time, line: line, into: sink) { return }
        let index: Int
        if let known = rails[dyno] {
            index = known
        } else {
            index = railsParsers.count
            railsParsers.append(RailsLogParser(context: dynoContext(dyno)))
            railsJoinsRouter.append(joiningRouter)
            rails[dyno] = index
        }
        let target: any RowSink = railsJoinsRouter[index] ? joiner : sink
        try railsParsers[index].parse(message: messageBytes, line: line, time: time, into: target)
    }

    /// Reads an app server's worker event (`[4] - Worker 0 (PID: 9) booted`, unicorn's `reaped … worker=1`) or an
    /// Erlang/Elixir logger entry with those formats' own parsers, one per dyno, timed by the stream; false for every
    /// other line. Once a dyno printed a logger entry, its other lines are that entry's continuation lines.
    private mutating func runtimeLine(
        _ message: UnsafeBufferPointer<UInt8>, dyno: String, time: Timestamp, line: LineBytes, into sink: any RowSink
    ) throws -> Bool {
        // A worker killer's line goes to the dyno's app server once it has one, which knows the killed worker's slot.
        var worker = AppServerLogParser.workerEvent(in: message)
        if worker == nil, appServers[dyno] != nil, MemoryErrorLine.match(message)?.kind == "worker-killed" {
            let logger = RubyLoggerLine(parsing: message)
            worker = logger.hasPrefix ? (logger.messageStart, logger.pid) : (0, nil)
        }
        if let worker {
            var parser = appServers.removeValue(forKey: dyno) ?? AppServerLogParser(context: dynoContext(dyno))
            try parser.consume(
                String(decoding: message, as: UTF8.self), messageStart: worker.start, ts: time,
                loggerPID: worker.loggerPID, line: line.number, into: sink)
            appServers[dyno] = parser
            return true
        }
        let text =
            erlang[dyno] != nil || message.first.map(ASCIIScan.isDigit) == true
            ? String(decoding: message, as: UTF8.self) : nil
        guard let text, erlang[dyno] != nil || LoggerEntryHeader(text, zone: context.zone) != nil else { return false }
        var parser = erlang.removeValue(forKey: dyno) ?? ErlangLoggerParser(context: dynoContext(dyno))
        try parser.consume(Line(number: line.number, text: text), streamTime: time, into: sink)
        erlang[dyno] = parser
        return true
    }

    /// Emits what the stream left open: requests and jobs without an end, halves of requests never joined.
    mutating func finish(into sink: any RowSink) throws {
        let joiner = self.joiner ?? RouterRequestJoiner(downstream: sink)
        joiner.downstream = sink
        for dyno in rails.keys.sorted() {
            guard let index = rails[dyno] else { continue }
            try railsParsers[index].finish(into: railsJoinsRouter[index] ? joiner : sink)
        }
        for dyno in sidekiq.keys.sorted() {
            guard var tracker = sidekiq[dyno] else { continue }
            try tracker.finish(into: sink)
            sidekiq[dyno] = tracker
        }
        for dyno in appServers.keys.sorted() {
            guard var parser = appServers[dyno] else { continue }
            try parser.finish(into: sink)
            appServers[dyno] = parser
        }
        for dyno in erlang.keys.sorted() {
            guard var parser = erlang[dyno] else { continue }
            try parser.finish(into: sink)
            erlang[dyno] = parser
        }
        try joiner.finish()
    }

    private func dynoContext(_ dyno: String) -> ParseContext {
        var dynoContext = context
        dynoContext.host = context.host ?? dyno
        return dynoContext
    }

    private func router(
        _ u: UnsafeBufferPointer<UInt8>, from start: Int, time: Timestamp, line: LineBytes, joiner: RouterRequestJoiner,
        sink: any RowSink
    ) throws {
        guard let router = HerokuRouterLine(u, from: start) else {
            try sink.skip(
                line: line.number,
                reason: "expected a router line `at=info method=GET path=\"/\" … dyno=web.1 connect=1ms service=20ms "
                    + "status=200 bytes=…`", text: line.text)
            return
        }
        if router.isError {
            var event = router.event(u, line: line.number, time: time)
            event.host = context.host ?? event.host
            try sink.emit(.event(event))
        }
        guard router.method != nil else { return }
        var request = router.request(u, line: line.number, time: time)
        request.host = context.host ?? request.host
        try joiner.router(request)
    }

    private mutating func runtimeMetrics(
        _ metrics: HerokuRuntimeMetrics, dyno: String, time: Timestamp, line: LineBytes, sink: any RowSink
    ) throws {
        guard let sample = metrics.sample(line: line.number, time: time, host: context.host ?? metrics.source ?? dyno)
        else {
            try sink.skip(
                line: line.number,
                reason: "runtime metrics without a readable sample#memory_rss (expected `sample#memory_rss=231.00MB`)",
                text: line.text)
            return
        }
        try sink.emit(.rssSample(sample))
    }

    private mutating func platform(
        _ message: HerokuPlatformMessage, u: UnsafeBufferPointer<UInt8>, from start: Int, dyno: String,
        time: Timestamp, line: LineBytes, sink: any RowSink
    ) throws {
        switch message {
        case .memoryRunning(let mb, let percent):
            runningMemory[dyno] = (mb, percent, time)
        case .event(let kind, var details):
            if kind == "r14" || kind == "r15", let running = runningMemory.removeValue(forKey: dyno),
                abs(time.milliseconds - running.time.milliseconds) <= 5000
            {
                details.add("mem_mb", running.mb)
                details.add("quota_pct", running.percent)
            }
            try sink.emit(
                .event(
                    Event(
                        line: line.number, ts: time, host: context.host ?? dyno, process: "heroku", kind: kind,
                        message: ASCIIScan.string(u, start..<u.count), details: details.text)))
        }
    }
}
