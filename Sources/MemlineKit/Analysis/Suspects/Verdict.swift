/// The verdict in one paragraph of plain words: each growing process with its trend and rate, what is retained
/// and who holds it, who adds to it, what changed just before, and what was ruled out.
///
/// Suspects are cited as "suspect N" (their rank), which the report turns into links to their evidence.
struct Verdict {
    let segments: [AnalyzedSegment]
    let outcome: VerdictReconciler.Outcome

    var paragraph: String {
        var sentences: [String] = []
        sentences.append(growthSentence)
        for (_, note) in outcome.outsideHeap.sorted(by: { $0.key < $1.key }).prefix(2) {
            sentences.append(note.prefix(1).uppercased() + note.dropFirst())
        }
        let ranked = Array(outcome.suspects.enumerated())
        func first(_ bases: [SuspectBasis]) -> (Int, SuspectDraft)? {
            ranked.first { bases.contains($0.element.basis) }.map { ($0.offset + 1, $0.element) }
        }
        let retained = first([.retained])
        if let (rank, s) = retained {
            sentences.append("What is retained: \(describe(s, rank: rank))")
        }
        if let (rank, s) = first([.configuration, .process]), rank <= 3 {
            sentences.append("Which process: \(describe(s, rank: rank))")
        }
        if let (rank, s) = first([.allocates]) ?? first([.servedAlone, .rssDelta, .timing, .perInterval]) {
            // "Who adds to it" only on the processes whose retained set it is; elsewhere it is another lead.
            let same = retained.map { !Set($0.1.segments).isDisjoint(with: s.segments) } ?? true
            sentences.append((same ? "Who adds to it: " : "On other processes: ") + describe(s, rank: rank))
        }
        if let (rank, s) = first([.change]) {
            sentences.append("What changed just before: \(describe(s, rank: rank))")
        }
        if outcome.suspects.isEmpty, !growing.isEmpty {
            sentences.append("No cause is named: the evidence pins the growth on nothing")
        }
        if !outcome.ruledOut.isEmpty {
            let names = outcome.ruledOut.prefix(4).map { "\(words($0.kind)) \($0.name)" }
            sentences.append(
                "Ruled out: " + names.joined(separator: ", ")
                    + (outcome.ruledOut.count > 4 ? " and \(outcome.ruledOut.count - 4) more" : "")
                    + " (see Ruled out)")
        }
        return sentences.map { $0.hasSuffix(".") ? $0 : $0 + "." }.joined(separator: " ")
    }

    private var growing: [AnalyzedSegment] {
        segments.filter(\.isGrowing).sorted { $0.trend.retainedKB > $1.trend.retainedKB }
    }

    private var growthSentence: String {
        let grown = growing
        guard !grown.isEmpty else {
            let limit = segments.flatMap(\.spikes).filter(\.crossedLimit).count
            var sentence =
                limit > 0
                ? "No process kept growing, but \(limit) spike\(limit == 1 ? "" : "s") crossed a memory limit"
                : "No process kept growing"
            // A rise that levelled off is still what the reader sees first on the chart: say where it went.
            if let top = segments.filter({ $0.trend.kind == .plateau && $0.trend.retainedKB > 0 })
                .max(by: { $0.trend.retainedKB < $1.trend.retainedKB })
            {
                sentence +=
                    "; the largest rise, \(top.series.label) keeping \(formatMB(top.trend.retainedKB)), levelled off"
            }
            return sentence
        }
        // One process sampled by two sources (a node's erlang:memory() and its beam.smp) is one process.
        var processes: [(series: MemorySeries, parts: [String])] = []
        var seen = Set<String>()
        // The largest segment of each series speaks for it.
        for a in grown where seen.insert(a.series.label).inserted {
            let rate = a.trend.slopeMBPerHour.map { ", " + formatRate($0) } ?? ""
            // A young process rising to where its siblings levelled off is warming up, whatever its shape.
            var part =
                a.warmsUpToSiblings
                ? "kept \(formatMB(a.trend.retainedKB)), rising only to where its siblings levelled off: a warm-up"
                : "\(a.trend.kind.rawValue)\(rate), kept \(formatMB(a.trend.retainedKB))"
            if a.nodeTotalHeld(among: segments) {
                part += ", though the node's own total (erlang:memory) kept nothing: the VM's allocators hold it"
            }
            if let i = processes.firstIndex(where: { SeriesIdentity.sameNode($0.series, a.series) }) {
                processes[i].parts.append("as \(a.series.label): \(part)")
            } else {
                processes.append((a.series, [part]))
            }
        }
        let count = processes.count
        let parts = processes.prefix(3).map { "\($0.series.label) (\($0.parts.joined(separator: "; ")))" }
        let more = count > 3 ? " and others" : ""
        return "Memory grew in \(count) process\(count == 1 ? "" : "es"): " + parts.joined(separator: ", ") + more
    }

    private func describe(_ s: SuspectDraft, rank: Int) -> String {
        // A site of dumps without allocation tracing is the class or module holding the objects, not a file:line.
        let held = s.kind == .allocationSite && SuspectBuilder.siteLocation(s.name).line == nil && !s.name.contains(".")
        return
            "\(held ? "objects held by" : words(s.kind)) \(s.name) (suspect \(rank), \(s.confident ? "confident" : "possibly"), "
            + "\(formatMB(s.explainedKB)))"
    }

    private func words(_ kind: SuspectKind) -> String {
        switch kind {
        case .endpoint: "endpoint"
        case .jobClass: "job"
        case .process: "process"
        case .erlangProcess: "Erlang process"
        case .etsTable: "ETS table"
        case .configuration: "setting"
        case .allocationSite: "objects allocated at"
        case .gem: "objects of the gem"
        case .function: "function"
        case .change: "the"
        }
    }

}
