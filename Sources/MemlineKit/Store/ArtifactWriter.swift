import Foundation
import GRDB

/// Writes one artifact's rows inside the transaction that ingests it.
///
/// Created with the artifact row already inserted; keeps counts and the time span so the
/// artifact row can be completed by `finish`.
final class ArtifactWriter: RowSink {
    let db: Database
    let artifactID: Int64
    private(set) var rowCounts: [String: Int] = [:]
    private(set) var skipped = 0
    /// The first skipped line and its reason, quoted when no row came out of the file.
    private(set) var firstSkip: String?
    /// Requests stored per endpoint, for the route families an artifact holds (`EndpointFamilies`).
    private(set) var endpointCounts: [String: Int] = [:]
    /// Requests stored with a request id (`artifacts.request_ids`: clock-skew detection pairs artifacts by them).
    private(set) var requestIDs = 0
    private(set) var firstTS: Timestamp?
    private(set) var lastTS: Timestamp?
    let host: String?
    /// Heap dump state: the snapshot row, prepared statements, class names (see `ArtifactWriter+Heap`).
    let heap = HeapWriteState()
    /// Heap profile state: the profile row and counts (see `ArtifactWriter+Profiles`).
    let profile = ProfileWriteState()

    init(db: Database, artifactID: Int64, host: String?) {
        self.db = db
        self.artifactID = artifactID
        self.host = host
    }

    var rows: Int { rowCounts.values.reduce(0, +) }

    func seen(_ ts: Timestamp?) {
        guard let ts else { return }
        if firstTS.map({ ts < $0 }) ?? true { firstTS = ts }
        if lastTS.map({ ts > $0 }) ?? true { lastTS = ts }
    }

    func count(_ table: String, by n: Int = 1) { rowCounts[table, default: 0] += n }

    /// Counts a request of `endpoint`.
    func countEndpoint(_ endpoint: String) { endpointCounts[endpoint, default: 0] += 1 }

    /// Counts a request stored with its request id (`artifacts.request_ids`).
    func countRequestID() { requestIDs += 1 }

    /// A per-request row not written yet: parsers follow it with the same RSS as an `RSSSample` (`isTwin`), and
    /// the two are one fact, one `rss_rows` row (m0011).
    private var pendingRequestMemory: RequestMemory?

    /// Whether `s` is the RSS after request `m` (same line, time, pid, host and RSS, nothing else known).
    private func isTwin(_ s: RSSSample, of m: RequestMemory) -> Bool {
        guard m.line == s.line else { return false }
        let sameFact = m.ts == s.ts && m.pid == s.pid && m.rssKB == s.rssKB && (host ?? m.host) == (host ?? s.host)
        let nothingElse =
            s.process == nil && s.vszKB == nil && s.swapKB == nil && s.limitKB == nil
            && s.minorFaultsPerSecond == nil && s.majorFaultsPerSecond == nil && s.memPercent == nil
        return sameFact && nothingElse
    }

    /// Prepared statements by the address of their SQL literal: GRDB's own cache hashes the whole SQL
    /// text on every lookup, which cost more than the insert for small rows.
    private var statements: [Int: Statement] = [:]
    /// The text values of the row being inserted, bound without SQLite's copy (`BindArena`).
    private let arena = BindArena()

    func statement(_ sql: StaticString) throws -> SQLiteBinder {
        let key = Int(bitPattern: sql.utf8Start)
        if let cached = statements[key] { return SQLiteBinder(cached, arena: arena) }
        let prepared = try db.cachedStatement(sql: sql.description)
        statements[key] = prepared
        return SQLiteBinder(prepared, arena: arena)
    }

    /// Inserts the artifact's one parent row for a dump (a heap snapshot, a heap profile) and returns its id.
    /// `sql` binds the artifact id and the line of the first record that needed it.
    func insertParentRow(_ sql: StaticString, line: Int) throws -> Int64 {
        var b = try statement(sql)
        b.int64(artifactID)
        b.int(line)
        try b.step(db: db)
        return db.lastInsertedRowID
    }

    func emit(_ record: ParsedRow) throws {
        if let pending = pendingRequestMemory {
            pendingRequestMemory = nil
            if case .rssSample(let s) = record, isTwin(s, of: pending) {
                // The sample repeats the request's RSS: one row holds both.
                try insert(pending, isSample: true)
                seen(s.ts)
                count("rss_samples")
                return
            }
            try insert(pending, isSample: false)
        }
        switch record {
        case .rssSample(let s): try emitRSSSample(s)
        case .requestMemory(let m):
            // Written with the next record: when that is the same RSS as a sample, one row holds both.
            pendingRequestMemory = m
        case .request(let r): try emitRequest(r)
        case .job(let j): try emitJob(j)
        case .event(let e): try emitEvent(e)
        case .heapSnapshot(let s): try emitHeapSnapshot(s)
        case .heapObject(let o): try emitHeapObject(o)
        case .heapRef(let r): try emitHeapRef(r)
        case .heapRoot(let r): try emitHeapRoot(r)
        case .gcSample(let g): try emitGCSample(g)
        case .heapProfile(let p): try emitHeapProfile(p)
        case .profileStack(let s): try emitProfileStack(s)
        case .profileMap(let m): try emitProfileMap(m)
        case .processSample(let p): try emitProcessSample(p)
        case .metricSample(let m): try emitMetricSample(m)
        case .procReading(let r, let line): try emitRecorded(r, line: line)
        }
    }

    /// Writes what is still held back (a per-request row waiting for its sample). Call it when the input ends.
    func finish() throws {
        guard let pending = pendingRequestMemory else { return }
        pendingRequestMemory = nil
        try insert(pending, isSample: false)
    }

    /// One per-request row (the `request_memory` view); `isSample` when it is also the process's RSS sample.
    private func insert(_ m: RequestMemory, isSample: Bool) throws {
        var b = try statement(
            """
            INSERT INTO rss_rows (artifact_id, line, ts_ms, host, pid, url, method, path, endpoint, delta_kb, rss_kb,
              in_rss_samples) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        b.int64(artifactID)
        b.int(m.line)
        b.int64(m.ts.milliseconds)
        b.text(host ?? m.host)
        b.int(m.pid)
        b.text(m.url)
        b.text(m.method)
        b.text(m.path)
        b.text(m.endpoint)
        countEndpoint(m.endpoint)
        b.number(m.deltaKB)
        b.number(m.rssKB)
        b.int(isSample ? 1 : 0)
        try b.step(db: db)
        seen(m.ts)
        count("request_memory")
    }

    func skip(line: Int, reason: String, text: String) throws {
        try finish()
        var b = try statement("INSERT INTO ingest_errors (artifact_id, line, reason, text) VALUES (?,?,?,?)")
        b.int64(artifactID)
        b.int(line)
        b.text(reason)
        b.text(String(text.prefix(500)))
        try b.step(db: db)
        skipped += 1
        if firstSkip == nil { firstSkip = "line \(line): \(reason)" }
    }
}
