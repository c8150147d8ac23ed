import GRDB

extension MemlineDatabase {
    /// Per-endpoint RSS growth of one segment (`trendID`), or of every segment, most kept first.
    public func endpointGrowth(trendID: Int64? = nil) throws -> [EndpointGrowthRecord] {
        try read { db in
            try EndpointGrowthRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM endpoint_growth WHERE ?1 IS NULL OR trend_id = ?1
                    ORDER BY trend_id, retained_kb DESC, endpoint
                    """, arguments: [trendID])
        }
    }

    /// Window comparisons of one spike or segment (`subject` is `spike` or `trend`), most significant first.
    public func windowCounts(subject: String, id: Int64) throws -> [WindowCountRecord] {
        try read { db in
            try WindowCountRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM window_counts WHERE subject = ? AND subject_id = ?
                    ORDER BY p_value, item_kind, item
                    """, arguments: [subject, id])
        }
    }
}
