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
        let artifacts = try database.query(
            sql: """
                SELECT id, name, format, sha256, rows, skipped, first_ts, last_ts FROM artifacts ORDER BY id
                """)
        guard !artifacts.rows.isEmpty else { throw ReportError.emptyDatabase(path: database.path) }
        let zone = options.zone
        let window = options.window

        let (series, points) = try database.memoryOverview(in: window)
        let names = SeriesNames(series)
        let processes = Self.foldedProcesses(series, names: names)
        let counts = try database.eventCounts(in: window)
        let span = try database.timeSpan()
        let trends = try database.trends()
        let spikes = try database.spikes().filter { s in
            (window.from.map { s.tsPeak >= $0.iso8601 } ?? true) && (window.to.map { s.tsStart <= $0.iso8601 } ?? true)
        }
        let fileNames = try artifactNames()
        let events = try timeline(spikes: spikes, trends: trends, names: fileNames)
        let suspects = try suspectSection()

        // Timeline: every event and failed job, capped, each with file:line.
        let cap = 200
        var timeline: [ReportModel.TimelineItem] = []
        let redaction = ValueRedaction(includeValues: options.includeValues)
        for (i, e) in events.prefix(cap).enumerated() {
            timeline.append(
                .init(
                    time: display(e.ts), kind: e.kind,
                    text: ReportText.capped(
                        redaction.apply(
                            [e.host, e.pid.map { "pid \($0)" }, e.message]
                                .compactMap { $0 }.joined(separator: " · "))),
                    source: e.source, anchor: "t\(i + 1)"))
        }
        let moreTimeline = events.count > cap ? "\(events.count - cap) more events not shown (see `v_events`)" : nil

        // Chart.
        var grouped: [String: [(t: Double, mb: Double)]] = [:]
        var order: [String] = []
        for p in points {
            let name = names.label(host: p.host, pid: p.pid, process: p.process)
            if grouped[name] == nil { order.append(name) }
            grouped[name, default: []].append((p.seconds, p.kb / 1024))
        }
        // Two sources of one process (see SeriesNames) interleave in time.
        var chart = MemoryChart(
            series: order.map { MemoryChart.Series(name: $0, points: (grouped[$0] ?? []).sorted { $0.t < $1.t }) })
        chart.markers = events.filter { Self.markerKinds.contains($0.kind) }.prefix(40).compactMap { e in
            Timestamp.parseISO(e.ts).map {
                MemoryChart.Marker(t: $0.seconds, label: "\(e.kind): \(e.message)", kind: e.kind)
            }
        }
        let limits = Set(processes.compactMap(\.limitKB))
        chart.limits = limits.sorted().prefix(3).map {
            MemoryChart.Limit(mb: $0 / 1024, label: "limit \(Self.mb($0)) MB")
        }
        if let first = points.first.flatMap({ _ in span?.first }).flatMap({ Timestamp.parseISO($0) }) {
            chart.utcOffsetSeconds = zone.offsetSeconds(atUTC: first)
        }
        chart.zoneName = zone.description

        let processRows = processes.prefix(50).map { p in
            ReportModel.ProcessRow(
                name: ReportText.capped(names.label(host: p.host, pid: p.pid, process: p.process)),
                samples: IngestSummary.grouped(p.samples), firstMB: Self.mb(p.firstKB),
                peakMB: Self.mb(p.peakKB), lastMB: Self.mb(p.lastKB), growthMB: Self.signedMB(p.lastKB - p.firstKB),
                trend: trendText(Self.trends(trends, of: p, names: names)),
                span: "\(display(p.firstTS)) → \(display(p.lastTS))", source: p.file)
        }

        // Evidence tables.
        var tables: [ReportModel.Table] = []
        let growth = try database.endpointRSSGrowth(limit: options.topN)
        if !growth.isEmpty {
            tables.append(
                .init(
                    title: "Endpoints by RSS kept per request", anchor: "endpoint-growth",
                    note: "From per-request RSS lines: the net RSS change of each endpoint's requests, and how much "
                        + "stayed (raised the process's floor) or was given back later. A big grower that gives "
                        + "everything back is not a leak. Net change and mean are signed: they are negative when "
                        + "memory was freed during these requests (GC, or an earlier request's large allocation given "
                        + "back) more than it grew, even for an endpoint that keeps memory. The second query lists the "
                        + "single worst requests.",
                    columns: [
                        "endpoint", "requests", "net change MB", "kept MB", "given back MB", "mean KB", "max KB",
                    ],
                    rows: growth.map {
                        [
                            $0.endpoint, IngestSummary.grouped($0.requests), Self.signedMB($0.totalDeltaKB),
                            Self.signedMB($0.retainedKB), Self.mb($0.givenBackKB), Self.signedNumber($0.meanDeltaKB),
                            Self.number($0.maxDeltaKB),
                        ]
                    },
                    moreRows: nil,
                    sql: MemlineDatabase.endpointRSSGrowthSQL.replacingOccurrences(
                        of: "LIMIT ?", with: "LIMIT \(options.topN)") + "\n\n-- The single worst requests:\n"
                        + MemlineDatabase.worstRequestsSQL))
        }

        tables = try analysisTables(spikes: spikes, trends: trends) + tables + runtimeTables()
        let impact = counts.map { ReportModel.Fact(label: $0.kind, value: IngestSummary.grouped($0.count)) }
        // The top suspect has its own line below the summary (linked to its evidence), so not a bullet too.
        var summary: [String] = []
        let leaking = trends.filter { $0.kind == "leak" }
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

        let artifactRows = artifacts.rows.map { row -> ReportModel.ArtifactRow in
            let cell = { (i: Int) in row[i].display }
            let first = cell(6)
            let last = cell(7)
            return ReportModel.ArtifactRow(
                id: cell(0), name: cell(1), format: cell(2), sha256: cell(3), rows: cell(4), skipped: cell(5),
                span: first.isEmpty ? "" : "\(display(first)) → \(display(last))")
        }

        // The same words as the table's rows (see MarkdownText.mermaid).
        let mermaid = timeline.prefix(30).map { item in
            "\(MarkdownText.mermaid(item.time)) : \(MarkdownText.mermaid(item.kind + " · " + item.text))"
        }

        var period = "no timed rows"
        if let span {
            period = "\(display(window.from?.iso8601 ?? span.first)) → \(display(window.to?.iso8601 ?? span.last))"
        }
        var model = ReportModel(
            title: options.title ?? "Memory incident report",
            generatedAt: options.generatedAt ?? display(Timestamp(date: Date()).iso8601),
            zone: zone.description == "UTC" ? "UTC" : "\(zone.description) (stored as UTC)", period: period,
            summary: summary, impact: impact, timeline: timeline, moreTimeline: moreTimeline,
            mermaidLines: Array(mermaid),
            chartSVG: points.isEmpty ? "" : chart.svg(), chartFile: options.chartFile, hasMemory: !points.isEmpty,
            processes: Array(processRows), suspects: suspects,
            noSuspectNote: suspects.isEmpty && !trends.isEmpty
                ? "No suspect is named: no growth in the data is pinned on one cause by the evidence." : nil,
            tables: tables, artifacts: artifactRows,
            reproduce: reproduceCommands(), includesValues: options.includeValues)
        model.verdict = Self.verdictPieces(try database.verdict() ?? "", ranks: suspects.count)
        model.ruledOut = try database.ruledOut().map {
            ReportModel.RuledOutRow(kind: $0.kind, name: $0.name, reason: $0.reason)
        }
        return model
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
            t.slopeMBPerHour.map { t.kind == "leak" ? "\(t.kind) \(Self.signedNumber($0.rounded())) MB/h" : t.kind }
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
        return IngestSummary.grouped(whole)
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
        return (negative ? "-" : "") + IngestSummary.grouped(whole) + digits[dot...]
    }
}

/// Why a report could not be made.
public enum ReportError: LocalizedError, Equatable {
    case emptyDatabase(path: String)
    case template(name: String, message: String)
    case unwritable(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .emptyDatabase(let path):
            return "\(path) holds no artifacts yet, so there is nothing to report; "
                + "ingest some first (`memline ingest --db \(path) logs/`) or try `memline demo`"
        case .template(let name, let message):
            return "template \(name): \(message)"
        case .unwritable(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
