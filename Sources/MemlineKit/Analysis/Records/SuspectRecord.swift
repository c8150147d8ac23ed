import GRDB

/// A row of `suspects`; `id` is the rank (1 first).
public struct SuspectRecord: Decodable, FetchableRecord, Sendable, Equatable {
    public var id: Int64
    /// endpoint, job_class, process, erlang_process, ets_table, configuration, allocation_site, gem, function or change.
    public var kind: String
    public var name: String
    public var score: Double
    /// confident or hedged.
    public var confidence: String
    public var explainedKB: Double
    public var reason: String
    public var sql: String

    public var isConfident: Bool { confidence == "confident" }

    enum CodingKeys: String, CodingKey {
        case id, kind, name, score, confidence, reason, sql
        case explainedKB = "explained_kb"
    }
}
