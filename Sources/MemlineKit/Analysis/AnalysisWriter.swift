import GRDB

/// Writes the analysis tables (each run replaces the previous results entirely).
enum AnalysisWriter {
    static let tables = [
        "suspect_evidence", "suspects", "window_counts", "job_overlaps", "endpoint_growth", "spikes", "trends",
        "worker_budgets", "analysis_runs", "clock_skews", "ruled_out",
    ]

    /// What the analysis was computed from: artifact count and highest id, then each applied clock offset
    /// (`id@ms`), so ingesting, replacing or shifting an artifact makes the analysis stale.
    static let dataVersionSQL = """
        SELECT count(*) || ':' || coalesce(max(id), 0)
               || coalesce(':' || group_concat(CASE WHEN clock_offset_ms != 0 THEN id || '@' || clock_offset_ms END),
                           '')
        FROM artifacts
        """

    static func clear(_ db: Database) throws {
        for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
        // Restart ids at 1 so the same database always gives the same ids.
        if try db.tableExists("sqlite_sequence") {
            try db.execute(
                sql: "DELETE FROM sqlite_sequence WHERE name IN (\(tables.map { "'\($0)'" }.joined(separator: ",")))")
        }
    }

    static func iso(_ ms: Int64?) -> String? { ms.map { Timestamp(milliseconds: $0).iso8601 } }

    static func insertTrend(_ db: Database, _ a: AnalyzedSegment) throws -> Int64 {
        let s = a.segment
        let t = a.trend
        let rss = s.samples.map(\.rssKB)
        try db.execute(
            sql: """
                INSERT INTO trends (source, host, pid, process, role, ts_start, ts_end, samples, gaps, started_by,
                  rss_first_kb, rss_min_kb, rss_max_kb, rss_last_kb, kind, confidence, slope_mb_per_hour, r2,
                  mk_z, mk_p,
                  retained_kb, tail_share, drops, steps, steady_rss_kb, limit_kb, hours_to_limit, limit_at,
                  sibling_kb_per_hour, divergent, artifact_id, line_first, line_last, reason)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """,
            arguments: [
                s.series.source, s.series.host, s.series.pid, s.series.process, s.series.role, iso(s.startMS),
                iso(s.endMS), s.samples.count, s.gaps, s.startedBy, rss.first, rss.min(), rss.max(), rss.last,
                t.kind.rawValue, t.confidence, t.slopeMBPerHour, t.r2, t.mkZ, t.mkP.map { Double(Float($0)) },
                t.retainedKB, t.tailShare, t.drops, t.steps, t.steadyRSSKB, t.limitKB, t.hoursToLimit,
                iso(t.limitAtMS), a.siblingKBPerHour, a.divergent ? 1 : 0, s.samples.first?.artifactID,
                s.samples.first?.line, s.samples.last?.line, t.reason,
            ])
        return db.lastInsertedRowID
    }

    static func insertSpike(_ db: Database, _ spike: SpikeResult, trendID: Int64, series: MemorySeries) throws -> Int64
    {
        try db.execute(
            sql: """
                INSERT INTO spikes (trend_id, host, pid, process, trigger, ts_start, ts_peak, ts_end, recovered,
                  rss_start_kb, rss_peak_kb, rss_end_kb, rise_kb, rise_pct, rate_mb_per_min, crossed_limit, limit_kb,
                  artifact_id, line_start, line_peak, line_end)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """,
            arguments: [
                trendID, series.host, series.pid, series.process, spike.trigger, iso(spike.start.ms),
                iso(spike.peak.ms), iso(spike.end?.ms), spike.end == nil ? 0 : 1, spike.start.rssKB,
                spike.peak.rssKB, spike.end?.rssKB, spike.riseKB, round2(spike.risePercent),
                round2(spike.rateMBPerMinute), spike.crossedLimit ? 1 : 0, spike.limitKB, spike.peak.artifactID,
                spike.start.line, spike.peak.line, spike.end?.line,
            ])
        return db.lastInsertedRowID
    }

    static func insertWindowCount(_ db: Database, subject: String, id: Int64, _ c: WindowCount) throws {
        try db.execute(
            sql: """
                INSERT INTO window_counts (subject, subject_id, item_kind, item, n_window, n_before, n_after, window_s,
                  rate_ratio, p_value) VALUES (?,?,?,?,?,?,?,?,?,?)
                """,
            arguments: [
                subject, id, c.itemKind, c.item, c.nWindow, c.nBefore, c.nAfter, round3(c.windowSeconds), c.rateRatio,
                Double(Float(c.pValue)),
            ])
    }

    static func insertJobOverlap(_ db: Database, subject: String, id: Int64, _ o: JobOverlapResult) throws {
        try db.execute(
            sql: """
                INSERT INTO job_overlaps (subject, subject_id, job_class, runs, time_share, rise_kb, rise_share,
                  rising_intervals, rising_inside, p_value) VALUES (?,?,?,?,?,?,?,?,?,?)
                """,
            arguments: [
                subject, id, o.jobClass, o.runs, round3(o.timeShare), o.riseKB, round3(o.riseShare), o.risingIntervals,
                o.risingInside, Double(Float(o.pValue)),
            ])
    }

    static func insertEndpointGrowth(
        _ db: Database, trendID: Int64, partition p: RequestPartition, _ e: EndpointGrowthResult, pValue: Double
    ) throws {
        let requestShare = p.requests > 0 ? Double(e.requests) / Double(p.requests) : 0
        let growthShare = p.retainedKB > 0 ? e.retainedKB / p.retainedKB : 0
        try db.execute(
            sql: """
                INSERT INTO endpoint_growth (trend_id, endpoint, requests, request_share, total_delta_kb, mean_delta_kb,
                  p95_delta_kb, max_delta_kb, retained_kb, growth_share, enrichment, given_back_kb, retaining, p_value)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """,
            arguments: [
                trendID, e.endpoint, e.requests, round3(requestShare), e.totalDeltaKB, round2(e.meanDeltaKB),
                e.p95DeltaKB, e.maxDeltaKB, e.retainedKB, round3(growthShare),
                requestShare > 0 ? round3(growthShare / requestShare) : 0, e.givenBackKB, e.retaining,
                Double(Float(pValue)),
            ])
    }
}
