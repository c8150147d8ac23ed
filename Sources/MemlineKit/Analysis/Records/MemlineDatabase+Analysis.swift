import Foundation
import GRDB

extension MemlineDatabase {
    /// Every segment and its trend, in series order.
    public func trends() throws -> [TrendRecord] {
        try read { db in try TrendRecord.fetchAll(db, sql: "SELECT * FROM trends ORDER BY id") }
    }

    /// Every spike, in segment then time order.
    public func spikes() throws -> [SpikeRecord] {
        try read { db in try SpikeRecord.fetchAll(db, sql: "SELECT * FROM spikes ORDER BY id") }
    }

    /// The ranked suspects, first first.
    public func suspects() throws -> [SuspectRecord] {
        try read { db in try SuspectRecord.fetchAll(db, sql: "SELECT * FROM suspects ORDER BY id") }
    }

    /// One suspect by rank, or nil.
    public func suspect(id: Int64) throws -> SuspectRecord? {
        try read { db in try SuspectRecord.fetchOne(db, sql: "SELECT * FROM suspects WHERE id = ?", arguments: [id]) }
    }

    /// The evidence rows of one suspect, in order.
    public func evidence(forSuspect id: Int64) throws -> [SuspectEvidenceRecord] {
        try read { db in
            try SuspectEvidenceRecord.fetchAll(
                db, sql: "SELECT * FROM suspect_evidence WHERE suspect_id = ? ORDER BY ordinal", arguments: [id])
        }
    }

    /// Worker budgets (empty unless a memory size or a limit was known).
    public func workerBudgets() throws -> [WorkerBudgetRecord] {
        try read { db in try WorkerBudgetRecord.fetchAll(db, sql: "SELECT * FROM worker_budgets ORDER BY id") }
    }

    /// True when `memline analyze` never ran, or files were ingested or replaced since it did.
    public func analysisIsStale() throws -> Bool {
        try read { db in
            let analysed = try String.fetchOne(
                db, sql: "SELECT data_version FROM analysis_runs ORDER BY id DESC LIMIT 1")
            let current = try String.fetchOne(db, sql: AnalysisWriter.dataVersionSQL)
            return analysed == nil || analysed != current
        }
    }

    /// The thresholds of the last analysis, or nil when `memline analyze` never ran.
    public func analysisThresholds() throws -> AnalysisThresholds? {
        try read { db -> AnalysisThresholds? in
            guard
                let json = try String.fetchOne(db, sql: "SELECT thresholds FROM analysis_runs ORDER BY id DESC LIMIT 1")
            else { return nil }
            return try AnalysisThresholds.decodingStored(json)
        }
    }

    /// Suspects as printable rows (`memline suspects`).
    public func suspectList() throws -> QueryResult {
        try query(
            sql: """
                SELECT id AS rank, kind, name, score, confidence, round(explained_kb / 1024.0, 1) AS explained_mb,
                       reason
                FROM suspects ORDER BY id
                """)
    }

    /// Spikes as printable rows (`memline spikes`).
    public func spikeList() throws -> QueryResult {
        try query(
            sql: """
                SELECT id, host, pid, process, trigger, ts_start, ts_peak, coalesce(ts_end, 'not recovered') AS ts_end,
                       round(rss_start_kb / 1024.0, 1) AS start_mb, round(rss_peak_kb / 1024.0, 1) AS peak_mb,
                       round(rise_kb / 1024.0, 1) AS rise_mb, rise_pct, rate_mb_per_min, crossed_limit
                FROM spikes ORDER BY id
                """)
    }

    /// Trends as printable rows (`memline trends`).
    public func trendList() throws -> QueryResult {
        try query(
            sql: """
                SELECT id, host, pid, process, ts_start, ts_end, samples, kind, confidence, slope_mb_per_hour,
                       round(retained_kb / 1024.0, 1) AS kept_mb, r2, mk_z, hours_to_limit, divergent, started_by, reason
                FROM trends ORDER BY id
                """)
    }

    /// The evidence of one suspect as printable rows (`memline explain`).
    public func evidenceList(forSuspect id: Int64) throws -> QueryResult {
        try read { db in
            try Self.run(
                sql: """
                    SELECT ordinal AS n, label, coalesce(file, '') || coalesce(':' || line, '')
                           || coalesce('-' || line_end, '') AS "where", ts, value
                    FROM suspect_evidence WHERE suspect_id = \(id) ORDER BY ordinal
                    """, in: db)
        }
    }
}
