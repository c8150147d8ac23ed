/// The per-request RSS lines of one process (host, pid), reduced to per-endpoint figures.
struct RequestPartition: Sendable {
    var host: String?
    var pid: Int?
    var requests = 0
    /// Sum of every request's floor increment: the growth the process kept.
    var retainedKB = 0.0
    /// Sum of every request's floor increment squared.
    var retainedSquaresKB = 0.0
    /// Requests that raised the floor.
    var retaining = 0
    var firstMS: Int64 = 0
    var lastMS: Int64 = 0
    /// Per endpoint, sorted by endpoint.
    var endpoints: [EndpointGrowthResult] = []
    /// The RSS after each request, thinned to the last value per second: a memory series for processes that have
    /// no RSS samples of their own (a per-request RSS log alone).
    var series: [MemorySample] = []

    /// Whether this partition is the same process as `series` (same pid; hosts equal unless one is unknown).
    func matches(_ other: MemorySeries) -> Bool {
        guard let pid, pid == other.pid else { return false }
        if let host, let h = other.host { return host == h }
        return true
    }
}
