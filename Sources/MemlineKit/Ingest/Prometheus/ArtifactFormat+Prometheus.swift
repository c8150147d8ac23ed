extension ArtifactFormat {
    /// A Prometheus scrape saved to a file (text exposition format 0.0.4).
    public static let prometheusText = ArtifactFormat(
        name: "prometheus-text",
        summary: "Prometheus text exposition (a /metrics scrape): every sample; resident memory also as RSS",
        example: "process_resident_memory_bytes 5.3870592e+07",
        detect: { head in
            var score = 0
            for line in head {
                if line.hasPrefix("# TYPE ") || line.hasPrefix("# HELP ") { score = max(score, 60) }
            }
            return score
        },
        makeParser: { PrometheusTextParser(context: $0) }
    )

    /// Prometheus HTTP API `query` / `query_range` responses (JSON).
    public static let prometheusJSON = ArtifactFormat(
        name: "prometheus-json",
        summary:
            "Prometheus API query/query_range JSON (matrix, vector); an error response is refused with its message",
        example: #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"#
            + #""process_resident_memory_bytes"},"values":[[1795311506,"42962944"]]}]}}"#,
        detect: { head in
            let text = head.prefix(5).joined().filter { $0 != " " }
            if text.hasPrefix("{\"status\":\"success\",\"data\":{\"resultType\"")
                || text.hasPrefix("{\"status\":\"error\",\"errorType\"")
            {
                return 80
            }
            return text.hasPrefix("{") && text.contains("\"resultType\"") ? 50 : 0
        },
        makeParser: { PrometheusJSONParser(context: $0) }
    )
}
