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

    /// The timeline shows at most this many events; `v_events` holds them all.
    static let timelineCap = 200

    /// The timeline's rows: every event and failed job up to the cap, each with file:line.
    func timelineItems(_ events: [TimelineEntry]) -> [ReportModel.TimelineItem] {
        let redaction = ValueRedaction(includeValues: options.includeValues)
        return events.prefix(Self.timelineCap).enumerated().map { (i, e) in
            ReportModel.TimelineItem(
                time: display(e.ts), kind: e.kind,
                text: ReportText.capped(
                    redaction.apply(
                        [e.host, e.pid.map { "pid \($0)" }, e.message].compactMap { $0 }.joined(separator: " · "))),
                source: e.source, anchor: "t\(i + 1)")
        }
    }

    /// How many events the timeline leaves out, when it leaves some out.
    func moreTimelineNote(_ events: [TimelineEntry]) -> String? {
        let cap = Self.timelineCap
        return events.count > cap ? "\(events.count - cap) more events not shown (see `v_events`)" : nil
    }

    /// The Mermaid timeline: the first 30 rows, in the same words as the table's rows (see MarkdownText.mermaid).
    static func mermaidLines(_ timeline: [ReportModel.TimelineItem]) -> [String] {
        timeline.prefix(30).map { item in
            "\(MarkdownText.mermaid(item.time)) : \(MarkdownText.mermaid(item.kind + " · " + item.text))"
        }
    }
}
