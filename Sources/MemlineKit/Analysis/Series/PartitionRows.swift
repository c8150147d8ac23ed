import GRDBSQLite

/// The per-request RSS rows of one process, column by column, while `RequestRetention` reads them.
struct PartitionRows {
    var host: String?
    var pid: Int?
    var ms: [Int64] = []
    var rss: [Double] = []
    var delta: [Double] = []
    var endpoint: [Int32] = []
    var artifact: [Int64] = []
    var line: [Int32] = []

    init(host: String?, pid: Int?) {
        self.host = host
        self.pid = pid
    }

    /// Whether the cursor's column holds `host` (as UTF-8 bytes; nil for NULL).
    static func same(_ host: [UInt8]?, _ cursor: RawCursor, column: Int32) -> Bool {
        guard let (p, n) = cursor.rawText(column) else { return host == nil }
        guard let host, host.count == n else { return false }
        for i in 0..<n where host[i] != p[i] { return false }
        return true
    }

    mutating func append(
        artifact a: Int64, line l: Int64, ms t: Int64, endpoint e: Int32, delta d: Double, rss r: Double
    ) {
        artifact.append(a)
        line.append(Int32(truncatingIfNeeded: l))
        ms.append(t)
        endpoint.append(e)
        delta.append(d)
        rss.append(r)
    }
}
