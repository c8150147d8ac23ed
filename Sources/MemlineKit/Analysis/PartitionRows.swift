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

    mutating func append(artifact a: Int64, line l: Int64, ms t: Int64, endpoint e: Int32, delta d: Double, rss r: Double) {
        artifact.append(a); line.append(Int32(truncatingIfNeeded: l)); ms.append(t); endpoint.append(e)
        delta.append(d); rss.append(r)
    }
}
