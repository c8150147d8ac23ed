/// Per-request RSS growth of one endpoint within one process (a `request_memory` partition).
struct EndpointGrowthResult: Sendable {
    var endpoint: String
    var requests = 0
    var totalDeltaKB = 0.0
    var positiveDeltaKB = 0.0
    var maxDeltaKB = -Double.infinity
    var p95DeltaKB = 0.0
    var retainedKB = 0.0
    /// Sum of each request's floor credit squared: with `retainedKB`, the spread of what one request keeps.
    var retainedSquaresKB = 0.0
    /// Requests that raised the floor.
    var retaining = 0
    /// The requests that kept the most memory after the warm-up (first 15% of the log), most first.
    var worstRetained: [RequestRef] = []
    /// The requests with the largest deltas, largest first.
    var worstDelta: [RequestRef] = []

    var meanDeltaKB: Double { requests > 0 ? totalDeltaKB / Double(requests) : 0 }
    var givenBackKB: Double { max(0, positiveDeltaKB - retainedKB) }
}
