import Foundation

/// Builds the report model from the incident database: raw tables plus analysis results.
public struct ReportBuilder: Sendable {
    public let database: MemlineDatabase
    public let options: ReportOptions

    public init(database: MemlineDatabase, options: ReportOptions) {
        self.database = database
        self.options = options
    }

    /// - Throws: `ReportError.emptyDatabase` when nothing was ingested yet.
    public func build() throws -> ReportModel {
        let artifacts = try artifactRows()
        let zone = options.zone
        let (series, points) = try database.memoryOverview(in: options.window)
        let names = SeriesNames(series)
        let processes = Self.foldedProcesses(series, names: names)
        let counts = try database.eventCounts(in: options.window)
        let span = try database.timeSpan()
        let trends = try database.trends()
        let spikes = try spikesInWindow()
        let events = try timeline(spikes: spikes, trends: trends, names: try artifactNames())
        let suspects = try suspectSection()
        let timeline = timelineItems(events)
        let chart = memoryChart(points: points, names: names, events: events, processes: processes, span: span)
        let tables = try analysisTables(spikes: spikes, trends: trends) + endpointGrowthTables() + runtimeTables()
        var model = ReportModel(
            title: options.title ?? "Memory incident report",
            generatedAt: options.generatedAt ?? display(Timestamp(date: Date()).iso8601),
            zone: zone.description == "UTC" ? "UTC" : "\(zone.description) (stored as UTC)", period: period(span),
            summary: summary(trends: trends, processes: processes, names: names, events: events, counts: counts),
            impact: counts.map { ReportModel.Fact(label: $0.kind, value: formatCount($0.count)) },
            timeline: timeline, moreTimeline: moreTimelineNote(events), mermaidLines: Self.mermaidLines(timeline),
            chartSVG: points.isEmpty ? "" : chart.svg(), chartFile: options.chartFile, hasMemory: !points.isEmpty,
            processes: processRows(processes, names: names, trends: trends), suspects: suspects,
            noSuspectNote: suspects.isEmpty && !trends.isEmpty
                ? "No suspect is named: no growth in the data is pinned on one cause by the evidence." : nil,
            tables: tables, artifacts: artifacts,
            reproduce: reproduceCommands(), includesValues: options.includeValues)
        model.verdict = Self.verdictPieces(try database.verdict() ?? "", ranks: suspects.count)
        model.ruledOut = try database.ruledOut().map {
            ReportModel.RuledOutRow(kind: $0.kind, name: $0.name, reason: $0.reason)
        }
        return model
    }

    /// The spikes that overlap the report's window.
    private func spikesInWindow() throws -> [SpikeRecord] {
        let window = options.window
        return try database.spikes().filter { s in
            (window.from.map { s.tsPeak >= $0.iso8601 } ?? true) && (window.to.map { s.tsStart <= $0.iso8601 } ?? true)
        }
    }

    /// The window, or the span of the data where the window is open.
    private func period(_ span: (first: String, last: String)?) -> String {
        guard let span else { return "no timed rows" }
        let window = options.window
        return "\(display(window.from?.iso8601 ?? span.first)) → \(display(window.to?.iso8601 ?? span.last))"
    }

    /// The sentences under the report's title: the trends, the largest process, the fix and the notable events.
    /// The top suspect has its own line below the summary (linked to its evidence), so not a bullet too.
    private func summary(
        trends: [TrendRecord], processes: [ProcessMemory], names: SeriesNames, events: [TimelineEntry],
        counts: [(kind: String, count: Int)]
    ) -> [String] {
        var summary: [String] = []
        let leaking = trends.filter { $0.trendKind == .leak }
        if !trends.isEmpty {
            let kinds = Dictionary(grouping: trends, by: \.kind).map { "\($0.value.count) \($0.key)" }.sorted()
            summary.append(
                "Memory trend per process segment: " + kinds.joined(separator: ", ") + "."
                    + (leaking.isEmpty ? " No segment keeps growing." : ""))
        }
        if let top = processes.first {
            // A process recorded by two sources (pidstat and a per-request log) is one row naming both files.
            let distinct = processes.count
            let twice = processes.filter { $0.file.contains(", ") }.count
            let series = twice == 0 ? "" : " (\(twice) of them by two sources)"
            summary.append(
                "\(distinct) process\(distinct == 1 ? "" : "es") sampled\(series); the largest, \(names.label(host: top.host, pid: top.pid, process: top.process)), "
                    + "went from \(Self.mb(top.firstKB)) MB to a peak of \(Self.mb(top.peakKB)) MB "
                    + "(last \(Self.mb(top.lastKB)) MB).")
        }
        // The fix, when someone annotated it (`memline annotate --kind fix`).
        for fix in events.filter({ $0.kind == "fix" }) {
            summary.append("Fix (\(display(fix.ts))): \(fix.message) [\(fix.source)]")
        }
        let notable = counts.filter { Self.markerKinds.contains($0.kind) }
        if !notable.isEmpty {
            summary.append(
                "Events: " + notable.map { "\($0.count) \($0.kind)" }.joined(separator: ", ") + ".")
        }
        return summary
    }

    /// Every artifact, its columns read by name.
    /// - Throws: `ReportError.emptyDatabase` when there is none.
    private func artifactRows() throws -> [ReportModel.ArtifactRow] {
        let artifacts = try database.query(
            sql: """
                SELECT id, name, format, sha256, rows, skipped, first_ts, last_ts FROM artifacts ORDER BY id
                """)
        guard !artifacts.rows.isEmpty else { throw ReportError.emptyDatabase(path: database.path) }
        let index = Dictionary(uniqueKeysWithValues: artifacts.columns.enumerated().map { ($1, $0) })
        return artifacts.rows.map { row -> ReportModel.ArtifactRow in
            let cell = { (column: String) in index[column].map { row[$0].display } ?? "" }
            let first = cell("first_ts")
            let last = cell("last_ts")
            return ReportModel.ArtifactRow(
                id: cell("id"), name: cell("name"), format: cell("format"), sha256: cell("sha256"), rows: cell("rows"),
                skipped: cell("skipped"), span: first.isEmpty ? "" : "\(display(first)) → \(display(last))")
        }
    }

    /// Splits the verdict at each "suspect N" so the report can link it to that suspect's evidence.
    static func verdictPieces(_ text: String, ranks: Int) -> [ReportModel.VerdictPiece] {
        guard !text.isEmpty else { return [] }
        var pieces: [ReportModel.VerdictPiece] = []
        var rest = Substring(text)
        // "suspect N" links to its evidence, "see Ruled out" to that section, the growing processes to the trends.
        while let range = rest.firstMatch(of: /suspect ([0-9]+)|see Ruled out|grew in [0-9]+ process(?:es)?/) {
            let text = String(range.output.0)
            var anchor: String?
            if let rank = range.output.1.flatMap({ Int($0) }) {
                anchor = rank <= ranks ? "suspect-\(rank)" : nil
            } else {
                anchor = text.hasPrefix("see") ? "ruled-out" : "trends"
            }
            pieces.append(.init(text: String(rest[..<range.range.lowerBound]), anchor: nil))
            pieces.append(.init(text: text, anchor: anchor))
            rest = rest[range.range.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.init(text: String(rest), anchor: nil)) }
        return pieces
    }

    func trendText(_ trends: [TrendRecord]) -> String {
        trends.map { t in
            t.slopeMBPerHour.map { t.trendKind == .leak ? "\(t.kind) \(Self.signedNumber($0.rounded())) MB/h" : t.kind }
                ?? t.kind
        }.joined(separator: ", ")
    }

    static let markerKinds: Set<String> = [
        "deploy", "restart", "rollback", "fix", "note", "oom", "r14", "r15", "crash", "release", "scale",
    ]

    func display(_ iso: String) -> String {
        guard let ts = Timestamp.parseISO(iso) else { return iso }
        return options.zone.display(ts)
    }

    func reproduceCommands() -> [String] {
        var report = "memline report --db \(options.databaseArgument)"
        if let from = options.window.from { report += " --from \(from.iso8601)" }
        if let to = options.window.to { report += " --to \(to.iso8601)" }
        if options.zone.description != "UTC" { report += " --tz \(options.zone.description)" }
        if options.includeValues { report += " --include-values" }
        return [
            "memline artifacts --db \(options.databaseArgument)",
            "memline analyze --db \(options.databaseArgument)",
            report,
        ]
    }

    /// The SQL with its window and limit written in, so it can be pasted as is.
    static func inline(_ sql: String, window: ReportWindow, limit: Int) -> String {
        var text = sql
        for value in ["'\(window.lower)'", "'\(window.upper)'", "\(limit)"] {
            if let range = text.range(of: "?") { text.replaceSubrange(range, with: value) }
        }
        return text
    }

    // Numbers are written one way throughout the report: thousands grouped with commas, one decimal for MB.
    static func mb(_ kb: Double) -> String { decimal(kb / 1024) }
    static func signedMB(_ kb: Double) -> String { (kb >= 0 ? "+" : "") + decimal(kb / 1024) }
    static func number(_ v: Double) -> String {
        guard v.rounded() == v, let whole = v.checkedInt else { return decimal(v) }
        return formatCount(whole)
    }
    static func signedNumber(_ v: Double) -> String { (v >= 0 ? "+" : "") + number(v) }

    /// `v` with one decimal and grouped thousands: `3,880.4`, `-1,253.5`.
    /// Rounded as `%.1f` rounds everywhere else, so one figure never reads two ways.
    static func decimal(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e15 else { return String(format: "%.3g", v) }
        let text = String(format: "%.1f", v)
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : Substring(text)
        guard let dot = digits.firstIndex(of: "."), let whole = Int(digits[..<dot]) else { return text }
        return (negative ? "-" : "") + formatCount(whole) + digits[dot...]
    }
}
