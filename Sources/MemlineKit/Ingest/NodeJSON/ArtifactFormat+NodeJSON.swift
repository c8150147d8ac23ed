extension ArtifactFormat {
    /// Node.js JSON logs written by pino (pino-http, Fastify) or bunyan.
    public static let nodeJSON = ArtifactFormat(
        name: "node-json",
        summary: "Node.js JSON logs (pino, pino-http, Fastify, bunyan): requests from req/res lines with responseTime "
            + "or latency (Fastify's incoming/completed pair joined by reqId), RSS samples from lines that log "
            + "process.memoryUsage() (rss, or memory.rss), its heap as metrics, errors as events",
        example: #"{"level":30,"time":1796646040151,"pid":1632,"hostname":"app-3","req":{"method":"GET","url":"/x"},"#
            + #""res":{"statusCode":200},"responseTime":8.5,"msg":"request completed"}"#,
        detect: detectNodeJSON,
        makeParser: { NodeJSONLogParser(context: $0) }
    )

    /// Claims a head whose object lines are mostly pino or bunyan records: a numeric `level`, `time`, `pid` and `msg`.
    @Sendable static func detectNodeJSON(head: [String]) -> Int {
        var records = 0
        var other = 0
        for line in head where !line.allSatisfy(\.isWhitespace) {
            if let object = FlatJSONObject.parse(line), NodeJSONRecord.isRecord(object) {
                records += 1
            } else {
                other += 1
            }
        }
        return records >= 1 && records >= other * 2 ? 65 : 0
    }
}
