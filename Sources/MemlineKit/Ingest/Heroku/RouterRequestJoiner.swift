/// Joins the two halves of one Heroku request into one `requests` row: the app's Rails lines and the router line.
///
/// On Heroku a request is logged twice: the Rails log of the dyno (`Started` … `Completed`, with its action,
/// view/DB times, allocations and pid) and the router (`heroku[router]: … request_id=… service=…ms status=…`,
/// with what the client got). Both carry the same request id (Rails' `config.log_tags = [:request_id]` reads
/// Heroku's `X-Request-ID`). Stored separately they would count every request twice; joined, the row keeps the
/// Rails fields plus the router's `status` (what the client saw: 503 for an H12 even when Rails later logs 200),
/// `bytes`, `ts_end` and `duration_ms` (`service`, which includes queueing in the dyno), `line` the first of the
/// two lines and `line_end` the last.
///
/// The two halves reach the log in either order, a few milliseconds apart (or up to the router's 30 s timeout
/// for an H12). Each half waits up to `windowMS` of log time for the other, then is stored alone. Requests
/// without a request id (an untagged Rails log) cannot be joined and pass straight through. At most
/// `maxPending` halves wait at a time, so memory stays bounded on busy logs.
///
/// It is the `RecordSink` the per-dyno Rails parsers write to: every other record passes through to
/// `downstream` unchanged.
final class RouterRequestJoiner: RecordSink {
    /// Where rows go: the artifact's sink, set before each line.
    var downstream: any RecordSink
    private var fromApp: [String: Request] = [:]
    private var fromRouter: [String: Request] = [:]
    private var latest: Int64 = 0
    private var lastSweep: Int64?

    /// How long one half waits for the other, in log time.
    static let windowMS: Int64 = 60_000
    static let maxPending = 50_000

    init(downstream: any RecordSink) {
        self.downstream = downstream
    }

    func emit(_ record: Record) throws {
        guard case .request(let request) = record, let id = request.requestID else {
            try downstream.emit(record)
            return
        }
        try advance(to: request.tsEnd ?? request.tsStart)
        if let router = fromRouter.removeValue(forKey: id) {
            try downstream.emit(.request(RouterRequestJoiner.merge(app: request, router: router)))
        } else {
            fromApp[id] = request
            try capPending()
        }
    }

    func skip(line: Int, reason: String, text: String) throws {
        try downstream.skip(line: line, reason: reason, text: text)
    }

    /// Takes the request of a router line.
    func router(_ request: Request) throws {
        try advance(to: request.tsEnd)
        guard let id = request.requestID else {
            try downstream.emit(.request(request))
            return
        }
        if let app = fromApp.removeValue(forKey: id) {
            try downstream.emit(.request(RouterRequestJoiner.merge(app: app, router: request)))
        } else {
            fromRouter[id] = request
            try capPending()
        }
    }

    /// Stores every half still waiting, in line order.
    func finish() throws {
        let rest = (Array(fromApp.values) + Array(fromRouter.values)).sorted { $0.line < $1.line }
        fromApp.removeAll()
        fromRouter.removeAll()
        for request in rest { try downstream.emit(.request(request)) }
    }

    /// The Rails fields, completed and overridden by what the router saw.
    static func merge(app: Request, router: Request) -> Request {
        var merged = app
        merged.line = min(app.line, router.line)
        merged.lineEnd = max(app.lineEnd ?? app.line, router.lineEnd ?? router.line)
        merged.tsStart = app.tsStart ?? router.tsStart
        merged.tsEnd = router.tsEnd ?? app.tsEnd
        merged.durationMS = router.durationMS ?? app.durationMS
        merged.status = router.status ?? app.status
        merged.bytes = router.bytes ?? app.bytes
        merged.host = router.host ?? app.host
        merged.method = app.method ?? router.method
        if app.path == nil {
            merged.path = router.path
            merged.endpoint = router.endpoint
        }
        merged.remoteIP = app.remoteIP ?? router.remoteIP
        return merged
    }

    private func advance(to time: Timestamp?) throws {
        guard let time, time.milliseconds > latest else { return }
        latest = time.milliseconds
        guard let last = lastSweep else {
            lastSweep = latest
            return
        }
        guard latest - last >= 10_000 else { return }
        lastSweep = latest
        try sweep(olderThan: latest - RouterRequestJoiner.windowMS)
    }

    private func capPending() throws {
        guard fromApp.count + fromRouter.count > RouterRequestJoiner.maxPending else { return }
        try sweep(olderThan: latest - 1000)
        if fromApp.count + fromRouter.count > RouterRequestJoiner.maxPending { try finish() }
    }

    /// Stores alone the halves whose time is before `cutoff` (milliseconds).
    private func sweep(olderThan cutoff: Int64) throws {
        func isStale(_ request: Request) -> Bool {
            guard let time = request.tsEnd ?? request.tsStart else { return true }
            return time.milliseconds < cutoff
        }
        var stale: [Request] = []
        for (id, request) in fromApp where isStale(request) {
            stale.append(request)
            fromApp.removeValue(forKey: id)
        }
        for (id, request) in fromRouter where isStale(request) {
            stale.append(request)
            fromRouter.removeValue(forKey: id)
        }
        for request in stale.sorted(by: { $0.line < $1.line }) { try downstream.emit(.request(request)) }
    }
}
