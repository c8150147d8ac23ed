import Foundation

extension MemlineDatabase {
    /// Queries a live Prometheus server and stores the answer like a file artifact (format `prometheus-json`,
    /// path = the query URL), streaming `curl`'s output into the ingest.
    ///
    /// `curl` (a subprocess, as FoundationNetworking's URLSession is not used by memline) does the HTTP;
    /// an API error answer (`{"status":"error",…}`) is refused with the server's message.
    /// ```swift
    /// let summary = try db.ingest(prometheus: PrometheusQuery(server: "http://127.0.0.1:9090",
    ///     query: "process_resident_memory_bytes", start: start, end: end, step: "15s"))
    /// ```
    /// - Throws: `PrometheusError` when curl is missing, the server cannot be reached or answers an error.
    public func ingest(prometheus query: PrometheusQuery, options: IngestOptions = IngestOptions()) throws
        -> IngestSummary
    {
        guard let curl = SymbolTool.which("curl", environment: ProcessInfo.processInfo.environment) else {
            throw PrometheusError.fetch(url: query.url, message: "curl is not installed (apt-get install curl)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curl)
        process.arguments = query.curlArguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var options = options
        options.format = ArtifactFormat.prometheusJSON.name
        let name = "prometheus \(query.isRange ? "query_range" : "query") \(query.query)"
        let result = Result {
            try ingest(source: PipeSource(out.fileHandleForReading), path: query.url, name: name, options: options)
        }
        // Stop curl if the ingest gave up early, then read why curl failed, if it did.
        try? out.fileHandleForReading.close()
        process.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let curlFailed = process.terminationReason == .exit && process.terminationStatus != 0
        if curlFailed {
            // The ingest's own error explains more (an API error body), unless curl got nothing at all.
            if case .failure(let error) = result, !(error is IngestError) { throw error }
            throw PrometheusError.fetch(
                url: query.url,
                message:
                    "curl exit \(process.terminationStatus): \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
        return try result.get()
    }
}
