import GRDB

/// Clock skew measured by request ids: one request logged by two artifacts (a Heroku router log and the app's
/// Rails log) ends at the same instant on both clocks, give or take the few milliseconds the response takes to
/// reach the router.
///
/// End times are compared, not start times: the router's `service` time includes the time the request queued in
/// the dyno before Rails logged `Started`, so the starts differ by the queueing while the ends do not. Per pair of
/// artifacts the offset is the median of the pairs' differences and the spread their median absolute deviation.
///
/// Cheap when nothing can match: ingest counts each artifact's request ids (`artifacts.request_ids`), and only
/// with two or more artifacts holding them is a temporary indexed copy of the id'ed rows built for the join (the
/// `requests` table has no request_id index, which every ingest would pay for).
enum RequestIDSkew {
    /// At most about this many id'ed rows are compared (a content-based sample beyond it).
    static let maxRows = 1_000_000

    /// Offsets between every two artifacts sharing request ids (all pairs, skewed or not), and what was checked.
    /// - Parameter maxRows: past this many id'ed rows, a sample is compared (a parameter for the tests).
    static func measure(_ db: Database, thresholds t: AnalysisThresholds, maxRows: Int = maxRows) throws
        -> (skews: [ClockSkew], note: String)
    {
        // Counted at ingest (`artifacts.request_ids`), so no scan of `requests` when fewer than two hold ids.
        let holders = try Int64.fetchAll(db, sql: "SELECT id FROM artifacts WHERE request_ids > 0 ORDER BY id")
        guard holders.count >= 2 else {
            return ([], "request ids: \(holders.count) artifact(s) hold request ids, no pair to compare")
        }
        let sample = try IDSample(db, maxRows: maxRows)
        try db.execute(
            sql: """
                DROP TABLE IF EXISTS temp.skew_request_ids;
                CREATE TEMP TABLE skew_request_ids AS
                    SELECT request_id, artifact_id, max(ts_end) AS ts_end FROM requests
                    WHERE request_id IS NOT NULL AND ts_end IS NOT NULL \(sample.condition)
                    GROUP BY request_id, artifact_id HAVING count(*) = 1;
                CREATE INDEX temp.skew_request_ids_id ON skew_request_ids(request_id, artifact_id);
                """, arguments: sample.arguments)
        defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.skew_request_ids") }
        let differences = try endDifferences(db)
        let artifacts = try ArtifactClock.all(db)
        let ordered = differences.sorted { ($0.key.first, $0.key.second) < ($1.key.first, $1.key.second) }
        let skews = ordered.compactMap { skew($0.key, differences: $0.value, artifacts: artifacts, thresholds: t) }
        let note =
            "request ids: \(differences.count) artifact pair(s) share request ids ("
            + differences.values.map { formatCount($0.count) }.joined(separator: ", ") + " requests"
            + (sample.every > 1 ? ", a sample of about 1 id in \(sample.every)" : "") + ")"
        return (skews, note)
    }

    /// Which request ids are compared: all of them, or past `maxRows` id'ed rows about 1 in `every`.
    ///
    /// An id logged more than once by one artifact (a constant placeholder, a retried request) names no one
    /// request: it is left out, so a bad id cannot multiply the pairs.
    /// A median needs no million pairs: past `maxRows` id'ed rows, keep about 1 in `every` ids, those whose last
    /// two characters sort below a cut read from the first ids. The pick depends only on the id, so both
    /// artifacts keep the same requests (a plain comparison: SQLite's unicode() on 10M ids took 5 s).
    private struct IDSample {
        var every: Int
        /// A condition on `request_id` to add to the WHERE clause (empty: every id), and its arguments.
        var condition = ""
        var arguments: StatementArguments = []

        init(_ db: Database, maxRows: Int) throws {
            let total = try Int.fetchOne(db, sql: "SELECT sum(request_ids) FROM artifacts WHERE request_ids > 0") ?? 0
            every = max(1, (total + maxRows - 1) / maxRows)
            guard every > 1 else { return }
            let suffixes = try String.fetchAll(
                db, sql: "SELECT substr(request_id, -2) FROM requests WHERE request_id IS NOT NULL LIMIT 20000"
            ).sorted()
            guard let first = suffixes.first else { return }
            let cut = suffixes[suffixes.count / every]
            // When most ids end alike the cut is the smallest suffix: keep it rather than nothing.
            condition = cut == first ? "AND substr(request_id, -2) <= ?" : "AND substr(request_id, -2) < ?"
            arguments = [cut]
        }
    }

    /// For every two artifacts sharing request ids, how much earlier each shared request ended in the first
    /// (milliseconds; negative: later).
    private static func endDifferences(_ db: Database) throws -> [Pair: [Double]] {
        var differences: [Pair: [Double]] = [:]
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT a.artifact_id, b.artifact_id,
                       (julianday(a.ts_end) - julianday(b.ts_end)) * 86400000.0
                FROM skew_request_ids a
                JOIN skew_request_ids b ON b.request_id = a.request_id AND b.artifact_id > a.artifact_id
                """)
        while let row = try cursor.next() {
            let pair = Pair(first: row[0], second: row[1])
            differences[pair, default: []].append(row[2])
        }
        return differences
    }

    /// One pair's offset: the median of its differences, hedged when the requests are few or disagree.
    private static func skew(
        _ pair: Pair, differences: [Double], artifacts: [Int64: ArtifactClock], thresholds t: AnalysisThresholds
    ) -> ClockSkew? {
        var diffs = differences
        guard let median = TrendStatistics.medianSelect(&diffs) else { return nil }
        var deviations = diffs.map { abs($0 - median) }
        let mad = TrendStatistics.medianSelect(&deviations) ?? 0
        // The router's clock (Heroku's) is the reference when one side is a platform log.
        let secondIsPlatform = artifacts[pair.second]?.isPlatformLog == true
        let firstIsPlatform = artifacts[pair.first]?.isPlatformLog == true
        let (reference, skewed, offset) =
            secondIsPlatform && !firstIsPlatform
            ? (pair.second, pair.first, -median) : (pair.first, pair.second, median)
        let offsetMS = Int64(offset.rounded())
        let confident = diffs.count >= t.clockSkewMinPairs && mad <= t.clockSkewMaxSpreadShare * abs(offset)
        let refName = artifacts[reference]?.name ?? "artifact \(reference)"
        let skewedName = artifacts[skewed]?.name ?? "artifact \(skewed)"
        let gap = String(ClockOffset.format(offsetMS).dropFirst())
        var reason =
            "\(formatCount(diffs.count)) request(s) logged by both \(refName) and \(skewedName) end \(gap) "
            + "\(offsetMS < 0 ? "later" : "earlier") in \(skewedName) (median; median absolute deviation "
            + "\(ClockOffset.format(Int64(mad.rounded())).dropFirst()))"
        if !confident {
            reason +=
                diffs.count < t.clockSkewMinPairs
                ? "; hedged: fewer than \(t.clockSkewMinPairs) requests"
                : "; hedged: the requests disagree by more than "
                    + "\(formatPercent(t.clockSkewMaxSpreadShare)) of the offset"
        }
        return ClockSkew(
            referenceArtifactID: reference, skewedArtifactID: skewed, method: .requestID, subject: nil,
            offsetMS: offsetMS, spreadMS: (mad * 10).rounded() / 10, pairs: diffs.count,
            confident: confident, priorOffsetMS: artifacts[skewed]?.offsetMS ?? 0, reason: reason,
            sql: evidenceSQL(reference: reference, skewed: skewed))
    }

    /// The requests behind one pair's offset, in time order.
    static func evidenceSQL(reference: Int64, skewed: Int64) -> String {
        """
        SELECT a.request_id, a.ts_end AS reference_end, b.ts_end AS skewed_end,
               round((julianday(a.ts_end) - julianday(b.ts_end)) * 86400000) AS offset_ms,
               a.line AS reference_line, b.line AS skewed_line
        FROM requests a JOIN requests b ON b.request_id = a.request_id
        WHERE a.artifact_id = \(reference) AND b.artifact_id = \(skewed) ORDER BY a.ts_end
        """
    }

    private struct Pair: Hashable {
        var first: Int64
        var second: Int64
    }
}
