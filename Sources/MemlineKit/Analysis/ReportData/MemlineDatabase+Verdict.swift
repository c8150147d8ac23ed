import GRDB

/// A row of `ruled_out`: a candidate the evidence ruled out, and why.
public struct RuledOutRecord: Decodable, FetchableRecord, Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var name: String
    public var reason: String
    public var sql: String
}

extension MemlineDatabase {
    /// The last analysis's verdict paragraph, or nil before any analysis.
    public func verdict() throws -> String? {
        try read { db in
            guard try db.columns(in: "analysis_runs").contains(where: { $0.name == "verdict" }) else { return nil }
            return try String.fetchOne(db, sql: "SELECT verdict FROM analysis_runs WHERE id = 1")
        }
    }

    /// What the last analysis ruled out, in order.
    public func ruledOut() throws -> [RuledOutRecord] {
        try read { db in
            try RuledOutRecord.fetchAll(db, sql: "SELECT id, kind, name, reason, sql FROM ruled_out ORDER BY id")
        }
    }
}
