extension ReportBuilder {
    /// The report's timeline: events and failed jobs, spike starts and peaks, and where each growing trend began,
    /// in time order (file and line break ties).
    func timeline(spikes: [SpikeRecord], trends: [TrendRecord], names: [Int64: String]) throws -> [TimelineEntry] {
        (try database.timelineEvents(in: options.window) + spikeTimeline(spikes, names: names)
            + trendTimeline(trends, names: names))
            .sorted { ($0.ts, $0.file, $0.line, $0.kind) < ($1.ts, $1.file, $1.line, $1.kind) }
    }

    /// What `memline export timeline` writes: the report's timeline plus one line per suspect, at the time of its
    /// earliest timed evidence, so a Grafana panel shows what the report shows.
    ///
    /// ```swift
    /// let entries = try ReportBuilder(database: db, options: ReportOptions()).exportedTimeline()
    /// print(TimelineExport.render(entries, as: .grafana))
    /// ```
    /// - Returns: trend starts, spikes and peaks, events and failed jobs, and suspects, in time order.
    public func exportedTimeline() throws -> [TimelineEntry] {
        let names = try artifactNames()
        var entries = try timeline(spikes: try database.spikes(), trends: try database.trends(), names: names)
        for suspect in try database.suspects().prefix(options.topN) {
            let evidence = try database.evidence(forSuspect: suspect.id)
            guard let first = evidence.filter({ $0.ts != nil }).min(by: { ($0.ts ?? "") < ($1.ts ?? "") }),
                let ts = first.ts
            else { continue }
            entries.append(
                TimelineEntry(
                    ts: ts, kind: "suspect", host: nil, pid: nil,
                    message:
                        "#\(suspect.id) \(suspect.kind) \(suspect.name) (\(suspect.confidence)): \(suspect.reason)",
                    file: first.file ?? "analysis", line: first.line ?? 0))
        }
        return entries.sorted { ($0.ts, $0.file, $0.line, $0.kind) < ($1.ts, $1.file, $1.line, $1.kind) }
    }
}
