import Foundation
import GRDB

extension ReportBuilder {
    /// Suspects with their evidence rows and the SQL that reproduces each figure.
    func suspectSection() throws -> [ReportModel.Suspect] {
        let redaction = ValueRedaction(includeValues: options.includeValues)
        return try database.suspects().prefix(options.topN).map { s in
            let evidence = try database.evidence(forSuspect: s.id)
            let shown = evidence.prefix(8).map { e in
                ReportModel.Evidence(
                    source: e.location,
                    text: ReportText.capped(
                        redaction.apply(
                            [e.ts.map(display), e.label, e.value].compactMap { $0 }.filter { !$0.isEmpty }
                                .joined(separator: " · "))))
            }
            return ReportModel.Suspect(
                rank: Int(s.id), anchor: "suspect-\(s.id)", kind: s.kind, name: ReportText.capped(s.name),
                score: String(format: "%.2f", s.score), confidence: s.confidence,
                reason: ReportText.capped(s.reason, limit: 4 * ReportText.cellLimit), evidence: shown,
                moreEvidence: evidence.count > shown.count
                    ? "\(evidence.count - shown.count) more evidence rows: memline explain \(s.id)" : nil,
                sql: s.sql)
        }
    }

    /// Every artifact's name by id, read once for the timeline's source column (not a query per line).
    func artifactNames() throws -> [Int64: String] {
        Dictionary(
            uniqueKeysWithValues: try database.query(sql: "SELECT id, name FROM artifacts").rows.compactMap {
                row -> (Int64, String)? in
                guard case .integer(let id) = row[0] else { return nil }
                return (id, row[1].display)
            })
    }

    /// Spike starts and peaks worth a line on the timeline: the largest rises and every unrecovered one.
    func spikeTimeline(_ spikes: [SpikeRecord], names: [Int64: String]) -> [TimelineEntry] {
        let file = { (id: Int64?) in id.flatMap { names[$0] } ?? "analysis" }
        let chosen =
            spikes.filter { !$0.recovered || $0.crossedLimit }
            + spikes.filter { $0.recovered && !$0.crossedLimit }.sorted { ($0.riseKB, $1.id) > ($1.riseKB, $0.id) }
            .prefix(5)
        var entries: [TimelineEntry] = []
        for s in chosen.sorted(by: { $0.id < $1.id }).prefix(20) {
            // The timeline row already names host and pid.
            let who = s.process.map { "\($0): " } ?? ""
            let rise =
                "+\(Self.mb(s.riseKB)) MB (\(String(format: "%.0f", s.risePct))%) at \(Self.decimal(s.rateMBPerMin)) MB/min"
            let end = s.recovered ? "" : ", not recovered"
            let limit = s.crossedLimit ? ", crossed the limit" : ""
            entries.append(
                TimelineEntry(
                    ts: s.tsStart, kind: "spike", host: s.host, pid: s.pid,
                    message: "\(who)memory starts rising \(rise)\(end)\(limit)",
                    file: file(s.artifactID), line: s.lineStart ?? 0))
            entries.append(
                TimelineEntry(
                    ts: s.tsPeak, kind: "peak", host: s.host, pid: s.pid,
                    message: "\(who)memory peaks at \(Self.mb(s.rssPeakKB)) MB",
                    file: file(s.artifactID), line: s.linePeak ?? 0))
        }
        return entries
    }

    /// Where growth began: one line per growing segment (leak, step, plateau; the ten that kept most), and for a
    /// leak heading for a known limit, the projected time it reaches it (kind `projection`).
    func trendTimeline(_ trends: [TrendRecord], names: [Int64: String]) -> [TimelineEntry] {
        let growing = trends.filter { [.leak, .step, .plateau].contains($0.trendKind) && $0.retainedKB > 0 }
            .sorted { ($0.retainedKB, $1.id) > ($1.retainedKB, $0.id) }.prefix(10)
        guard !growing.isEmpty else { return [] }
        var entries: [TimelineEntry] = []
        for t in growing.sorted(by: { $0.id < $1.id }) {
            let who = t.process.map { "\($0): " } ?? ""
            let rate = t.slopeMBPerHour.map { ", \(Self.number($0.rounded())) MB/h" } ?? ""
            let file = t.artifactID.flatMap { names[$0] } ?? "analysis"
            entries.append(
                TimelineEntry(
                    ts: t.tsStart, kind: t.kind, host: t.host, pid: t.pid,
                    message: "\(who)\(t.kind) begins: \(Self.mb(t.retainedKB)) MB kept by the segment's end\(rate) "
                        + "(\(t.confidence) confidence)",
                    file: file, line: t.lineFirst ?? 0))
            if t.trendKind == .leak, let at = t.limitAt, let limit = t.limitKB {
                entries.append(
                    TimelineEntry(
                        ts: at, kind: "projection", host: t.host, pid: t.pid,
                        message: "\(who)projected to reach its \(Self.mb(limit)) MB limit at this rate",
                        file: file, line: t.lineLast ?? 0))
            }
        }
        return entries
    }

    /// Tables from the analysis and the heap/GC stages, present only when they have rows.
    func analysisTables(spikes: [SpikeRecord], trends: [TrendRecord]) throws -> [ReportModel.Table] {
        var tables: [ReportModel.Table] = []
        if !trends.isEmpty {
            let shown = trends.sorted { ($0.retainedKB, $1.id) > ($1.retainedKB, $0.id) }.prefix(options.topN)
            tables.append(
                .init(
                    title: "Leak or plateau: trend per process", anchor: "trends",
                    note: "Each memory series is cut at restarts; each segment is classified. "
                        + "Slopes are Theil-Sen; the Mann-Kendall z tests that the rise is monotonic.",
                    columns: ["process", "from", "to", "trend", "confidence", "MB/hour", "kept MB", "reason"],
                    rows: shown.map { t in
                        [
                            [t.host, t.pid.map { "pid \($0)" }, t.process].compactMap { $0 }.joined(separator: " "),
                            display(t.tsStart), display(t.tsEnd), t.kind, t.confidence,
                            t.slopeMBPerHour.map { Self.decimal($0) } ?? "", Self.mb(t.retainedKB), t.reason,
                        ]
                    },
                    moreRows: trends.count > shown.count ? "\(trends.count - shown.count) more: memline trends" : nil,
                    sql: "SELECT * FROM trends ORDER BY retained_kb DESC;"))
        }
        if !spikes.isEmpty {
            let shown = spikes.sorted { ($0.riseKB, $1.id) > ($1.riseKB, $0.id) }.prefix(options.topN)
            tables.append(
                .init(
                    title: "Largest spikes", anchor: "spikes", note: nil,
                    columns: ["process", "start", "peak", "end", "rise MB", "rise %", "MB/min", "trigger"],
                    rows: shown.map { s in
                        [
                            [s.host, s.pid.map { "pid \($0)" }, s.process].compactMap { $0 }.joined(separator: " "),
                            display(s.tsStart), display(s.tsPeak), s.tsEnd.map(display) ?? "not recovered",
                            Self.mb(s.riseKB), String(format: "%.0f", s.risePct),
                            Self.decimal(s.rateMBPerMin),
                            s.trigger,
                        ]
                    },
                    moreRows: spikes.count > shown.count ? "\(spikes.count - shown.count) more: memline spikes" : nil,
                    sql: "SELECT * FROM spikes ORDER BY rise_kb DESC;"))
        }
        let budgets = try database.workerBudgets()
        if !budgets.isEmpty {
            tables.append(
                .init(
                    title: "Worker budget", anchor: "worker-budget",
                    note: "How many workers of each role fit in the memory available, from their steady-state RSS.",
                    columns: [
                        "host", "role", "workers seen", "steady MB", "peak MB", "memory MB", "from", "workers that fit",
                    ],
                    rows: budgets.map { b in
                        [
                            b.host ?? "", b.role, String(b.workersSeen), Self.mb(b.steadyRSSKB), Self.mb(b.peakRSSKB),
                            Self.mb(b.memoryKB), b.memorySource, String(b.workersFit),
                        ]
                    },
                    moreRows: nil, sql: "SELECT * FROM worker_budgets;"))
        }
        let verdicts = try database.gcVerdicts()
        if !verdicts.isEmpty {
            tables.append(
                .init(
                    title: "Ruby GC verdicts", anchor: "gc",
                    note: "From GC.stat samples beside the RSS samples of the same pid.",
                    columns: ["process", "verdict", "samples", "evidence", "advice"],
                    rows: verdicts.map { v in
                        [
                            [v.host, v.pid.map { "pid \($0)" }].compactMap { $0 }.joined(separator: " "),
                            v.kind.rawValue,
                            String(v.samples), v.evidence, v.advice,
                        ]
                    },
                    moreRows: nil, sql: "SELECT * FROM v_gc ORDER BY pid, ts;"))
        }
        if let clocks = try clockTable() { tables.append(clocks) }
        do {
            if let heap = try heapTable() { tables.append(heap) }
        } catch let error as DatabaseError where error.isLockBusy {
            // The heap diff stores its rows; with another writer on the database the section is left out.
        }
        return tables
    }

    /// With two or more heap snapshots of one process, the objects that survived from the second on, by allocation
    /// site, with one retention path each. Dumps of different processes are not diffed: the process with the most
    /// dumps is shown (a dump is a process's by its pid, or a sampled pid in its name: `heap-2522.json`).
    func heapTable() throws -> ReportModel.Table? {
        let snapshots = try database.heapSnapshots()
        guard snapshots.count >= 2 else { return nil }
        let sampled = Set(
            try database.read { db in
                try Int.fetchAll(db, sql: "SELECT DISTINCT pid FROM rss_samples WHERE pid IS NOT NULL")
            })
        let byProcess = Dictionary(grouping: snapshots) {
            $0.pid ?? SnapshotPlacement.pid(numberedIn: $0.label, known: sampled)
        }
        guard
            let chosen = byProcess.values.filter({ $0.count >= 2 }).max(by: {
                ($0.count, $0.map(\.id).max() ?? 0) < ($1.count, $1.map(\.id).max() ?? 0)
            })
        else { return nil }
        let ordered = chosen.sorted { ($0.takenAt ?? "", $0.id) < ($1.takenAt ?? "", $1.id) }
        let report = try database.heapDiff(
            base: String(ordered[0].id), target: String(ordered[1].id),
            later: ordered.dropFirst(2).map { String($0.id) },
            top: options.topN)
        let groups = report.top(.site, limit: options.topN)
        guard !groups.isEmpty else { return nil }
        let labels = report.snapshots.map(\.label).joined(separator: " → ")
        return .init(
            title: "Heap: objects that survived", anchor: "heap",
            note: "Objects \(report.criterion) (snapshots \(labels)): "
                + "\(formatCount(report.leakedObjects)) objects, \(HeapDiffReport.bytes(report.leakedMemsize)). "
                + report.notes.joined(separator: " "),
            columns: ["allocation site", "objects", "memsize", "gem", "retention path"],
            rows: groups.map { g in
                [
                    g.key, formatCount(g.objects), HeapDiffReport.bytes(g.memsize), g.gem ?? "",
                    g.retentionPath ?? "",
                ]
            },
            moreRows: nil,
            sql: "-- memline heap diff \(report.snapshots.map { String($0.id) }.joined(separator: " "))\n"
                + "SELECT * FROM heap_diff WHERE grouping = 'site' AND target_id = \(report.target.id) ORDER BY rank;")
    }
}
