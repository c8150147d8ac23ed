/// Joins the two halves of one Heroku request into one `requests` row: the app's Rails lines and the router line.
///
/// On Heroku a request is logged twice: the Rails log of the dyno (`Started` … `Completed`, with its action,
/// view/DB times, allocations and pid) and the router (`heroku[router]: … request_id=… service=…ms status=…`,
/// with what the client got). Stored separately they would count every request twice; joined, the row keeps the
/// Rails fields plus the router's `status` (what the client saw: 503 for an H12 even when Rails later logs 200),
/// `bytes`, `connect_ms`, `ts_end` and `duration_ms` (`service`, which includes queueing in the dyno), `line` the
/// first of the two lines and `line_end` the last, and `router_join` says how the halves were matched:
/// - **`request_id`**: both carry the same request id (Rails' `config.log_tags = [:request_id]` reads Heroku's
///   `X-Request-ID`). Exact.
/// - **`time_path`**: the Rails lines carry no request id (an untagged log). The router line must be of the same
///   dyno (`dyno=` is the Rails parser's host), method and path (query string left out on both), and fit in
///   time (`fits`): the router logs when the response is sent, so its time is at or just after Rails'
///   `Completed`, and it started the request (its time minus `connect` and `service`) no later than Rails'
///   `Started`. Of several router lines that fit, one with the same status wins, then the one whose end is
///   nearest. The status is a preference, not a condition: without tags, concurrent requests of one dyno can
///   have their `Completed` lines paired crosswise by the Rails parser (a 302 on the GET, a 200 on the POST),
///   and the router, which saw each response, then puts the right status back. Two identical concurrent
///   requests of one dyno may swap halves, which changes no count or endpoint. The router's request id fills
///   in the row's.
///
/// The two halves reach the log in either order, a few milliseconds apart (or up to the router's 30 s timeout
/// for an H12). Each half waits up to `windowMS` of log time for the other, then is stored alone. At most
/// `maxPending` halves wait at a time, so memory stays bounded on busy logs. Only halves of one artifact meet:
/// a request split across two files (hourly Papertrail archives) stays two rows.
///
/// It is the `RowSink` the per-dyno Rails parsers write to: every other record passes through to
/// `downstream` unchanged.
final class RouterRequestJoiner: RowSink {
    /// Where rows go: the artifact's sink, set before each line.
    var downstream: any RowSink
    /// Rails halves with a request id, waiting for their router line.
    private var fromApp: [String: Request] = [:]
    /// Router halves by request id, waiting for their Rails lines.
    private var fromRouter: [String: Request] = [:]
    /// The ids in `fromRouter` by dyno, method and path, oldest first: candidates for untagged Rails requests.
    private var routerByRoute: [Route: [String]] = [:]
    /// Untagged Rails halves by dyno, method and path, oldest first.
    private var untagged: [Route: [Request]] = [:]
    private var untaggedCount = 0
    /// Every half that waits, in arrival order (roughly time order), so a sweep looks only at the oldest.
    private var arrivals: [(time: Int64, half: Half)] = []
    private var arrivalsHead = 0
    private var latest: Int64 = 0
    private var lastSweep: Int64?

    /// How long one half waits for the other, in log time.
    static let windowMS: Int64 = 60_000
    static let maxPending = 50_000
    /// Clock resolution to allow for: Papertrail archives print whole seconds.
    static let clockToleranceMS: Int64 = 1000
    /// How long after Rails' `Completed` the router may log the request (the response still has to be sent).
    static let routerLagMS: Int64 = 2000

    /// The dyno, method and path two halves of a request share.
    struct Route: Hashable {
        var host: String?
        var method: String?
        var path: String?

        init(_ request: Request) {
            host = request.host
            method = request.method
            path = request.path
        }
    }

    /// Which waiting half an arrival refers to.
    private enum Half {
        case app(String)
        case router(String)
        case untagged(Route)
    }

    init(downstream: any RowSink) {
        self.downstream = downstream
    }

    func emit(_ record: ParsedRow) throws {
        guard case .request(let request) = record else {
            try downstream.emit(record)
            return
        }
        try advance(to: request.tsEnd ?? request.tsStart)
        guard let id = request.requestID else {
            try untaggedApp(request)
            return
        }
        if let router = fromRouter.removeValue(forKey: id) {
            removeFromRoute(id: id, of: router)
            try downstream.emit(.request(RouterRequestJoiner.merge(app: request, router: router, by: .requestID)))
        } else {
            fromApp[id] = request
            arrive(request, .app(id))
            try capPending()
        }
    }

    func skip(line: Int, reason: String, text: String) throws {
        try downstream.skip(line: line, reason: reason, text: text)
    }

    /// Takes the request of a router line.
    func router(_ request: Request) throws {
        try advance(to: request.tsEnd)
        if let id = request.requestID, let app = fromApp.removeValue(forKey: id) {
            try downstream.emit(.request(RouterRequestJoiner.merge(app: app, router: request, by: .requestID)))
            return
        }
        let route = Route(request)
        if var waiting = untagged[route],
            let best = RouterRequestJoiner.nearest(waiting.indices, router: request, app: { waiting[$0] })
        {
            let app = waiting.remove(at: best)
            untagged[route] = waiting.isEmpty ? nil : waiting
            untaggedCount -= 1
            try downstream.emit(.request(RouterRequestJoiner.merge(app: app, router: request, by: .timePath)))
            return
        }
        guard let id = request.requestID else {
            try downstream.emit(.request(request))
            return
        }
        fromRouter[id] = request
        routerByRoute[route, default: []].append(id)
        arrive(request, .router(id))
        try capPending()
    }

    /// Stores every half still waiting, in line order.
    func finish() throws {
        var rest = Array(fromApp.values) + Array(fromRouter.values)
        for list in untagged.values { rest.append(contentsOf: list) }
        fromApp.removeAll()
        fromRouter.removeAll()
        routerByRoute.removeAll()
        untagged.removeAll()
        untaggedCount = 0
        arrivals.removeAll()
        arrivalsHead = 0
        for request in rest.sorted(by: { $0.line < $1.line }) { try downstream.emit(.request(request)) }
    }

    /// The Rails fields, completed and overridden by what the router saw.
    static func merge(app: Request, router: Request, by join: RouterJoin) -> Request {
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
        merged.requestID = app.requestID ?? router.requestID
        merged.connectMS = router.connectMS
        merged.routerJoin = join
        if app.path == nil {
            merged.path = router.path
            merged.endpoint = router.endpoint
        }
        merged.remoteIP = app.remoteIP ?? router.remoteIP
        return merged
    }

    /// Whether a router line (same dyno, method and path) can be the untagged Rails request `app`: the router's
    /// time between `Completed` (less the clock's resolution) and `routerLagMS` after it; the router's start (its
    /// time less `connect` and `service`) no later than `Started` (plus the clock's resolution). A Rails request
    /// without an end (never completed) fits nothing.
    static func fits(app: Request, router: Request) -> Bool {
        guard let appEnd = app.tsEnd?.milliseconds, let routerEnd = router.tsEnd?.milliseconds else { return false }
        guard routerEnd >= appEnd - clockToleranceMS, routerEnd <= appEnd + routerLagMS + clockToleranceMS else {
            return false
        }
        if let appStart = app.tsStart?.milliseconds, let routerStart = router.tsStart?.milliseconds,
            routerStart > appStart + clockToleranceMS
        {
            return false
        }
        return true
    }

    /// How far a fitting pair is from a perfect one: a different status first, then the distance of the ends.
    static func distance(app: Request, router: Request) -> (Int, Int64) {
        let statusDiffers = app.status != nil && router.status != nil && app.status != router.status
        let ends = abs((router.tsEnd?.milliseconds ?? 0) - (app.tsEnd?.milliseconds ?? 0))
        return (statusDiffers ? 1 : 0, ends)
    }

    /// Of `candidates` that fit, the nearest (`distance`; the first on a tie).
    private static func nearest<C: Collection>(_ candidates: C, router: Request, app: (C.Element) -> Request)
        -> C.Element?
    {
        var best: (C.Element, (Int, Int64))?
        for candidate in candidates {
            let request = app(candidate)
            guard fits(app: request, router: router) else { continue }
            let distance = distance(app: request, router: router)
            if best.map({ distance < $0.1 }) ?? true { best = (candidate, distance) }
        }
        return best?.0
    }

    /// A Rails request without a request id: joined with a waiting router line that fits, else it waits.
    private func untaggedApp(_ request: Request) throws {
        let route = Route(request)
        guard request.path != nil, request.method != nil else {
            try downstream.emit(.request(request))
            return
        }
        if var ids = routerByRoute[route],
            let best = RouterRequestJoiner.nearestRouter(ids, app: request, routers: fromRouter)
        {
            let id = ids.remove(at: best)
            routerByRoute[route] = ids.isEmpty ? nil : ids
            if let router = fromRouter.removeValue(forKey: id) {
                try downstream.emit(.request(RouterRequestJoiner.merge(app: request, router: router, by: .timePath)))
                return
            }
        }
        untagged[route, default: []].append(request)
        untaggedCount += 1
        arrive(request, .untagged(route))
        try capPending()
    }

    /// The index in `ids` of the waiting router line that fits `app` best.
    private static func nearestRouter(_ ids: [String], app: Request, routers: [String: Request]) -> Int? {
        var best: (Int, (Int, Int64))?
        for (index, id) in ids.enumerated() {
            guard let router = routers[id], fits(app: app, router: router) else { continue }
            let distance = distance(app: app, router: router)
            if best.map({ distance < $0.1 }) ?? true { best = (index, distance) }
        }
        return best?.0
    }

    private func removeFromRoute(id: String, of router: Request) {
        let route = Route(router)
        guard var ids = routerByRoute[route], let index = ids.firstIndex(of: id) else { return }
        ids.remove(at: index)
        routerByRoute[route] = ids.isEmpty ? nil : ids
    }

    private func arrive(_ request: Request, _ half: Half) {
        arrivals.append(((request.tsEnd ?? request.tsStart)?.milliseconds ?? Int64.min, half))
    }

    private var pendingCount: Int { fromApp.count + fromRouter.count + untaggedCount }

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
        guard pendingCount > RouterRequestJoiner.maxPending else { return }
        try sweep(olderThan: latest - 1000)
        if pendingCount > RouterRequestJoiner.maxPending { try finish() }
    }

    /// Stores alone the halves whose time is before `cutoff` (milliseconds), taking them from the front of the
    /// arrivals: halves that arrived out of time order wait for a later sweep.
    private func sweep(olderThan cutoff: Int64) throws {
        func isStale(_ request: Request) -> Bool {
            guard let time = request.tsEnd ?? request.tsStart else { return true }
            return time.milliseconds < cutoff
        }
        var stale: [Request] = []
        while arrivalsHead < arrivals.count, arrivals[arrivalsHead].time < cutoff {
            switch arrivals[arrivalsHead].half {
            case .app(let id):
                if let request = fromApp[id], isStale(request) {
                    fromApp.removeValue(forKey: id)
                    stale.append(request)
                }
            case .router(let id):
                if let request = fromRouter[id], isStale(request) {
                    fromRouter.removeValue(forKey: id)
                    removeFromRoute(id: id, of: request)
                    stale.append(request)
                }
            case .untagged(let route):
                // A route's list is in arrival order: its stale requests are at the front, taken in one go.
                if var list = untagged[route] {
                    let count = list.prefix(while: isStale).count
                    if count > 0 {
                        stale.append(contentsOf: list[..<count])
                        list.removeFirst(count)
                        untaggedCount -= count
                        untagged[route] = list.isEmpty ? nil : list
                    }
                }
            }
            arrivalsHead += 1
        }
        if arrivalsHead > 4096, arrivalsHead * 2 > arrivals.count {
            arrivals.removeFirst(arrivalsHead)
            arrivalsHead = 0
        }
        for request in stale.sorted(by: { $0.line < $1.line }) { try downstream.emit(.request(request)) }
    }
}
