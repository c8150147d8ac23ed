/// What memline reads from one pino or bunyan record.
///
/// pino prints `time` as milliseconds since 1970 (`stdTimeFunctions.isoTime` and bunyan as ISO-8601 text), `level`
/// as a number (10 trace … 60 fatal), and the fields a call passed beside `msg`. `process.memoryUsage()` logged as
/// the record's fields or under `memory` gives bytes: `rss`, `heapUsed`, `heapTotal`, `external`, `arrayBuffers`.
struct NodeJSONRecord {
    var ts: Timestamp?
    var level: Int?
    var pid: Int?
    var hostname: String?
    var msg: String?
    var reqID: String?
    var method: String?
    var url: String?
    var status: Int?
    /// `responseTime` (pino-http, Fastify) or `latency` (bunyan's convention), in milliseconds.
    var durationMS: Double?
    /// process.memoryUsage(), in bytes, by key.
    var memory: [String: Double] = [:]
    var errorMessage: String?

    static let memoryKeys: Set<String> = ["rss", "heapUsed", "heapTotal", "external", "arrayBuffers"]

    /// Whether an object is a pino or bunyan record.
    static func isRecord(_ o: FlatJSONObject) -> Bool {
        guard case .number = o["level"], o["time"] != nil, case .number = o["pid"] else { return false }
        return o["msg"] != nil
    }

    init?(_ o: FlatJSONObject, zone: ZoneRule) {
        guard Self.isRecord(o) else { return nil }
        switch o["time"] {
        case .number(let n):
            // pino's default is milliseconds; `stdTimeFunctions.unixTime` prints seconds.
            ts = Timestamp(checkedSeconds: n >= 100_000_000_000 ? n / 1000 : n)
        case .string(let text):
            ts = Timestamp.parseISO(text, zone: zone)
        default:
            ts = nil
        }
        level = Self.integer(o["level"])
        pid = Self.integer(o["pid"])
        hostname = Self.text(o["hostname"])
        msg = Self.text(o["msg"])
        reqID = Self.text(o["reqId"]) ?? Self.integer(o["reqId"]).map(String.init)
        if case .object(let req) = o["req"] {
            method = Self.text(req["method"])
            url = Self.text(req["url"]) ?? Self.text(req["path"])
            if reqID == nil { reqID = Self.text(req["id"]) ?? Self.integer(req["id"]).map(String.init) }
        }
        if case .object(let res) = o["res"] { status = Self.integer(res["statusCode"]) }
        durationMS = Self.number(o["responseTime"]) ?? Self.number(o["latency"])
        for source in [o, Self.object(o["memory"]), Self.object(o["memoryUsage"])].compactMap({ $0 }) {
            for (key, value) in source.members where Self.memoryKeys.contains(key) {
                if case .number(let n) = value, memory[key] == nil { memory[key] = n }
            }
        }
        if case .object(let err) = o["err"] ?? o["error"] { errorMessage = Self.text(err["message"]) }
    }

    private static func integer(_ v: FlatJSONObject.Value?) -> Int? {
        if case .number(let n) = v { return n.checkedInt }
        return nil
    }
    private static func number(_ v: FlatJSONObject.Value?) -> Double? {
        if case .number(let n) = v, n.isFinite { return n }
        return nil
    }
    private static func text(_ v: FlatJSONObject.Value?) -> String? {
        if case .string(let s) = v { return s }
        return nil
    }
    private static func object(_ v: FlatJSONObject.Value?) -> FlatJSONObject? {
        if case .object(let o) = v { return o }
        return nil
    }
}
