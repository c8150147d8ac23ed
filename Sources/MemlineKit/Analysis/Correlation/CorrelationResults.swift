/// The correlations computed for each spike and growing segment, kept in memory for ranking suspects.
struct CorrelationResults: Sendable {
    struct SpikeKey: Hashable, Sendable {
        var segment: Int
        var spike: Int
    }

    /// Endpoint and job-class counts per spike.
    var spikeWindows: [SpikeKey: [WindowCount]] = [:]
    /// Job overlaps per spike (unrecovered or limit-crossing ones).
    var spikeJobs: [SpikeKey: [JobOverlapResult]] = [:]
    /// Endpoint and job-class counts per growing segment (when there is time around it).
    var trendWindows: [Int: [WindowCount]] = [:]
    /// Job overlaps per growing segment.
    var trendJobs: [Int: [JobOverlapResult]] = [:]
    /// Requests in flight per endpoint, for spikes and growing segments of processes without per-request RSS.
    var spikeRequests: [SpikeKey: [JobOverlapResult]] = [:]
    var trendRequests: [Int: [JobOverlapResult]] = [:]
    /// Ruby heap diffs of the snapshots taken in each growth window (see `GroupCorrelator`).
    var heapWindows: [HeapWindowResult] = []
    /// Heap profile growth in each growth window.
    var profileWindows: [ProfileWindowResult] = []
    /// Erlang process growth in each growth window of a node.
    var processWindows: [ProcessWindowResult] = []
}
