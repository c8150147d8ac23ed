import GRDB

/// One process's memory, summarised: what the report's process table shows.
public struct ProcessMemory: Sendable, Equatable, FetchableRecord, Decodable {
    public var host: String?
    public var pid: Int?
    public var process: String?
    public var samples: Int
    public var firstTS: String
    public var lastTS: String
    public var firstKB: Double
    public var peakKB: Double
    public var lastKB: Double
    public var limitKB: Double?
    public var file: String

    enum CodingKeys: String, CodingKey {
        case host, pid, process, samples, file
        case firstTS = "first_ts", lastTS = "last_ts", firstKB = "first_kb", peakKB = "peak_kb", lastKB = "last_kb"
        case limitKB = "limit_kb"
    }

    /// `web-1 pid 7551 (ruby)`
    public var label: String { Self.label(host: host, pid: pid, process: process) }

    static func label(host: String?, pid: Int?, process: String?) -> String {
        var parts: [String] = []
        if let host { parts.append(host) }
        if let pid { parts.append("pid \(pid)") }
        if let process { parts.append(parts.isEmpty ? process : "(\(process))") }
        return parts.isEmpty ? "memory" : parts.joined(separator: " ")
    }
}

/// A down-sampled point of one series: enough to draw, peaks kept.
public struct SeriesPoint: Sendable, Equatable, FetchableRecord, Decodable {
    public var host: String?
    public var pid: Int?
    public var process: String?
    public var seconds: Double
    public var kb: Double
}

extension MemlineDatabase {
    static let processMemorySQL = """
        SELECT host, pid, process, count(*) AS samples, min(ts) AS first_ts, max(ts) AS last_ts,
               (SELECT rss_kb FROM rss_samples f WHERE f.host IS s.host AND f.pid IS s.pid AND f.process IS s.process
                  AND f.ts >= ? AND f.ts <= ? ORDER BY ts, id LIMIT 1) AS first_kb,
               max(rss_kb) AS peak_kb,
               (SELECT rss_kb FROM rss_samples l WHERE l.host IS s.host AND l.pid IS s.pid AND l.process IS s.process
                  AND l.ts >= ? AND l.ts <= ? ORDER BY ts DESC, id DESC LIMIT 1) AS last_kb,
               max(limit_kb) AS limit_kb,
               (SELECT group_concat(DISTINCT a.name) FROM artifacts a WHERE a.id IN
                  (SELECT DISTINCT artifact_id FROM rss_samples x WHERE x.host IS s.host AND x.pid IS s.pid
                     AND x.process IS s.process)) AS file
        FROM rss_samples s WHERE ts >= ? AND ts <= ?
        GROUP BY host, pid, process
        ORDER BY peak_kb DESC, host, pid, process
        """

    /// Every memory series (host, pid, process) with first, peak and last RSS, largest peak first.
    public func processMemory(in window: ReportWindow = ReportWindow()) throws -> [ProcessMemory] {
        try read { db in
            let (lo, hi) = (window.lower, window.upper)
            return try ProcessMemory.fetchAll(
                db, sql: Self.processMemorySQL, arguments: [lo, hi, lo, hi, lo, hi])
        }
    }

    /// The SQL behind `processMemory`, for the report's "reproduce" notes.
    public static var processMemoryQuery: String {
        """
        SELECT host, pid, process, count(*) AS samples, min(ts), max(ts), max(rss_kb) AS peak_kb
        FROM rss_samples GROUP BY host, pid, process ORDER BY peak_kb DESC;
        """
    }

    /// Each series cut into about `buckets` time buckets, keeping each bucket's lowest and highest
    /// sample so a down-sampled line still shows every peak.
    public func seriesPoints(in window: ReportWindow = ReportWindow(), buckets: Int = 600) throws -> [SeriesPoint] {
        try read { db in
            let (lo, hi) = (window.lower, window.upper)
            guard let span = try Row.fetchOne(
                db,
                sql: """
                    SELECT (julianday(min(ts)) - 2440587.5) * 86400.0 AS t0, (julianday(max(ts)) - 2440587.5) * 86400.0 AS t1
                    FROM rss_samples WHERE ts >= ? AND ts <= ?
                    """, arguments: [lo, hi]),
                let t0 = span["t0"] as Double?, let t1 = span["t1"] as Double?
            else { return [] }
            let width = max((t1 - t0) / Double(max(1, buckets)), 0.001)
            return try SeriesPoint.fetchAll(
                db,
                sql: """
                    WITH b AS (
                      SELECT host, pid, process, ts, rss_kb, id,
                             CAST(((julianday(ts) - 2440587.5) * 86400.0 - ?) / ? AS INTEGER) AS bucket
                      FROM rss_samples WHERE ts >= ? AND ts <= ?
                    ), lo AS (
                      SELECT host, pid, process, bucket, ts, min(rss_kb) AS kb FROM b GROUP BY host, pid, process, bucket
                    ), hi AS (
                      SELECT host, pid, process, bucket, ts, max(rss_kb) AS kb FROM b GROUP BY host, pid, process, bucket
                    )
                    SELECT DISTINCT host, pid, process, (julianday(ts) - 2440587.5) * 86400.0 AS seconds, kb
                    FROM (SELECT * FROM lo UNION ALL SELECT * FROM hi)
                    ORDER BY host, pid, process, seconds, kb
                    """, arguments: [t0, width, lo, hi])
        }
    }
}
