import GRDB

/// A row of `worker_budgets`: how many workers of a role fit in memory.
public struct WorkerBudgetRecord: Decodable, FetchableRecord, Sendable, Equatable {
    public var id: Int64
    public var host: String?
    public var role: String
    public var workersSeen: Int
    public var steadyRSSKB: Double
    public var peakRSSKB: Double
    public var memoryKB: Double
    public var memorySource: String
    public var othersKB: Double
    public var headroomPct: Double
    public var workersFit: Int

    enum CodingKeys: String, CodingKey {
        case id, host, role
        case workersSeen = "workers_seen"
        case steadyRSSKB = "steady_rss_kb"
        case peakRSSKB = "peak_rss_kb"
        case memoryKB = "memory_kb"
        case memorySource = "memory_source"
        case othersKB = "others_kb"
        case headroomPct = "headroom_pct"
        case workersFit = "workers_fit"
    }
}
