/// What `JobOverlapAnalyzer` lays over a memory rise: job runs by class, or requests in flight by endpoint.
enum OverlapSource: Sendable {
    case jobs
    /// Requests with a start and an end (`requests`), for processes whose logs carry no per-request RSS.
    case requests

    var table: String { self == .jobs ? "jobs" : "requests" }

    /// The item a run is counted under: the job class, or the endpoint (action or path when there is none).
    var itemSQL: String { self == .jobs ? "coalesce(class, '?')" : "coalesce(endpoint, action, path, '?')" }
}
