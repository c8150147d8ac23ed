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
        case firstTS = "first_ts"
        case lastTS = "last_ts"
        case firstKB = "first_kb"
        case peakKB = "peak_kb"
        case lastKB = "last_kb"
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
    /// Every memory series (host, pid, process) summarised — first, peak and last RSS, largest peak first — and
    /// drawn down to about `buckets` time buckets per series, keeping each bucket's lowest and highest sample so
    /// every peak survives. One pass over `rss_samples` in index order: 1M samples take about a second.
    public func memoryOverview(in window: ReportWindow = ReportWindow(), buckets: Int = 600) throws
        -> (processes: [ProcessMemory], points: [SeriesPoint])
    {
        try read { db in
            let series = try Self.memorySamples(db, in: window)
            let names = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM artifacts").map {
                    ($0["id"] as Int64, $0["name"] as String)
                })
            let all = series.values.flatMap { $0.samples.map(\.ms) }
            guard let t0 = all.min(), let t1 = all.max() else { return ([], []) }
            let width = max(Double(t1 - t0) / Double(max(1, buckets)), 1)

            var processes: [ProcessMemory] = []
            var points: [SeriesPoint] = []
            for (key, acc) in series.sorted(by: {
                ($0.key.host ?? "", $0.key.pid ?? -1, $0.key.process ?? "")
                    < ($1.key.host ?? "", $1.key.pid ?? -1, $1.key.process ?? "")
            }) {
                // Samples from several files of one process interleave: order by time (stable for equal times).
                let samples = acc.samples.enumerated().sorted {
                    ($0.element.ms, $0.offset) < ($1.element.ms, $1.offset)
                }
                .map(\.element)
                guard let first = samples.first, let last = samples.last else { continue }
                processes.append(
                    ProcessMemory(
                        host: key.host, pid: key.pid, process: key.process, samples: samples.count,
                        firstTS: Timestamp(milliseconds: first.ms).iso8601,
                        lastTS: Timestamp(milliseconds: last.ms).iso8601,
                        firstKB: first.kb, peakKB: samples.map(\.kb).max() ?? first.kb, lastKB: last.kb,
                        limitKB: acc.limitKB,
                        file: acc.artifacts.sorted().compactMap { names[$0] }.joined(separator: ",")))
                points += Self.downsampled(samples, of: key, from: t0, bucketMS: width)
            }
            processes.sort { ($0.peakKB, $1.label) > ($1.peakKB, $0.label) }
            return (processes, points)
        }
    }

    /// One memory series: host, pid and process.
    private struct SeriesKey: Hashable {
        var host: String?
        var pid: Int?
        var process: String?
    }

    /// A series' samples as read, its highest limit, and the artifacts it came from.
    private struct SeriesSamples {
        var samples: [(ms: Int64, kb: Double)] = []
        var limitKB: Double?
        var artifacts: Set<Int64> = []
    }

    /// Every sample in the window, by series, in one pass over `rss_samples` in index order.
    private static func memorySamples(_ db: Database, in window: ReportWindow) throws -> [SeriesKey: SeriesSamples] {
        var series: [SeriesKey: SeriesSamples] = [:]
        var cursor = try RawCursor(
            db,
            sql: """
                SELECT host, pid, process, ts_ms, rss_kb, limit_kb, artifact_id FROM rss_samples
                WHERE ts_ms >= ? AND ts_ms <= ? ORDER BY host, pid, ts_ms, id
                """, arguments: [window.lowerMS, window.upperMS])
        var lastKey: SeriesKey?
        while try cursor.next() {
            let ms = cursor.int64(3)
            let pid = cursor.int(1)
            // Rows of one (host, pid) come together: reuse the key while host, pid and process stay the same.
            let key: SeriesKey
            if let previous = lastKey, previous.pid == pid, cursor.textEquals(0, previous.host),
                cursor.textEquals(2, previous.process)
            {
                key = previous
            } else {
                key = SeriesKey(host: cursor.text(0), pid: pid, process: cursor.text(2))
                lastKey = key
            }
            var acc = series.removeValue(forKey: key) ?? SeriesSamples()
            acc.samples.append((ms, cursor.double(4)))
            if let limit = cursor.optionalDouble(5) { acc.limitKB = max(acc.limitKB ?? limit, limit) }
            acc.artifacts.insert(cursor.int64(6))
            series[key] = acc
        }
        return series
    }

    /// The samples drawn down to time buckets of `bucketMS` from `t0`: each bucket's lowest and highest sample,
    /// in time order (one when they are the same), so every peak survives.
    private static func downsampled(
        _ samples: [(ms: Int64, kb: Double)], of key: SeriesKey, from t0: Int64, bucketMS width: Double
    ) -> [SeriesPoint] {
        guard let first = samples.first else { return [] }
        var points: [SeriesPoint] = []
        var bucket = Int.min
        var low = first
        var high = first
        func flush() {
            guard bucket != Int.min else { return }
            let same = low.ms == high.ms && low.kb == high.kb
            for p in same ? [low] : (low.ms <= high.ms ? [low, high] : [high, low]) {
                points.append(
                    SeriesPoint(
                        host: key.host, pid: key.pid, process: key.process, seconds: Double(p.ms) / 1000, kb: p.kb))
            }
        }
        for sample in samples {
            let b = Int(Double(sample.ms - t0) / width)
            if b != bucket {
                flush()
                bucket = b
                low = sample
                high = sample
            } else {
                if sample.kb < low.kb { low = sample }
                if sample.kb > high.kb { high = sample }
            }
        }
        flush()
        return points
    }
}
