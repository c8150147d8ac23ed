import Foundation
import GRDB

/// Suspects of kind `erlang_process` from Erlang process samples: the process whose memory (and mailbox) grew with its node;
/// of kind `ets_table` for a table read as a sample of its own (`ets:NAME`).
///
/// From each `ProcessWindowResult`, a process is named when its memory growth over the window's samples is at least
/// `suspectMinShare` of what the node's memory series kept between the first and last process sample, and at least
/// `suspectMinKB`. Score = 100 × its growth / incident growth × confidence weight. Confident when it accounts for at
/// least half of the node's growth over at least three samples; its mailbox (`message_queue_len`) and the function it
/// was last seen in go into the reason (a process with the most memory and a mailbox of a million messages is the classic BEAM leak).
extension SuspectBuilder {
    func processQueueSuspects(base: Double, explained: inout [Int: Double]) throws -> [SuspectDraft] {
        var out: [SuspectDraft] = []
        for r in correlations.processWindows where r.keptKB > 0 {
            // What a process kept, not where it happened to be at the last sample: a worker that builds a big
            // transient list every few seconds may be caught holding it.
            let kept = r.processes.indices.filter { (r.processes[$0].memoryGrowth ?? 0) > 0 }.map {
                (
                    g: r.processes[$0], kb: r.processKeptKB[$0], levelled: r.processLevelled[$0],
                    holds: r.processHolds[$0], swings: r.processSwings[$0]
                )
            }
            // What levelled off is a lead only when nothing that still grows is worth naming. When all that is worth
            // it swings (a worker's transient lists, which the node's total swings with), a process that only ever
            // rose is judged against what the others that only rose kept, as a heap site rising at every dump is.
            let usual = { (kb: Double) in kb >= t.suspectMinKB && kb / r.keptKB >= t.suspectMinShare }
            let swingsAlone = kept.contains { usual($0.kb) } && kept.allSatisfy { !usual($0.kb) || $0.swings }
            let heldTotal = kept.filter(\.holds).reduce(0.0) { $0 + $1.kb }
            let worth = { (kb: Double, holds: Bool) in
                usual(kb)
                    || (swingsAlone && holds && kb >= t.suspectMinKB && kb / max(heldTotal, 1) >= t.risingSiteMinShare)
            }
            let growing = kept.filter { !$0.levelled && worth($0.kb, $0.holds) }
            // Beneath a node that levelled off, only what still grows is a lead.
            let nodeGrew = segments[r.window.segment].isGrowing || r.window.isSpike
            let candidates = growing.isEmpty && nodeGrew ? kept.filter { worth($0.kb, $0.holds) } : growing
            let ranked = candidates.sorted { ($0.kb, $1.g.process) > ($1.kb, $0.g.process) }
            // A registered process restarted by its supervisor is one process under two pids: what it kept adds up.
            // Every incarnation that kept something counts, named on its own or not.
            var byName: [String: Double] = [:]
            for c in kept where c.kb > 0 && (!c.levelled || growing.isEmpty) {
                if let name = c.g.registeredName { byName[name, default: 0] += c.kb }
            }
            var namedKB = 0.0
            for c in ranked {
                namedKB += c.kb
                let sameName = c.g.registeredName.flatMap { byName[$0] }.map { $0 - c.kb } ?? 0
                // The same samples seen through the node's other source explain its segment too, named once.
                if !r.sharedWithEarlierWindow {
                    out.append(
                        try processQueueDraft(
                            r, c.g, keptKB: c.kb, sameNameKB: sameName, levelled: c.levelled, swings: c.swings,
                            base: base))
                }
            }
            if !r.window.isSpike { explained[r.window.segment, default: 0] += min(namedKB, r.keptKB) }
        }
        return out
    }

    /// The owner of an ETS table read as a sample of its own (`ets:NAME`): its pid, and its registered name when the
    /// table's info or the owner's own samples give one (`<0.86.0>`, `quote_ledger`).
    private func tableOwner(_ g: ProcessGrowth) throws -> (pid: String, name: String?)? {
        let marker = ProcessSample.tableOwnerPrefix
        guard g.registeredName?.hasPrefix(ProcessSample.tableNamePrefix) == true, let call = g.initialCall,
            call.hasPrefix(marker)
        else { return nil }
        let owner = call.dropFirst(marker.count).split(separator: " ", maxSplits: 1).map(String.init)
        let pid = owner[0]
        if owner.count == 2 { return (pid, owner[1]) }
        let name = try String.fetchOne(
            db,
            sql: """
                SELECT registered_name FROM process_samples
                WHERE pid = ? AND registered_name IS NOT NULL AND substr(registered_name, 1, ?) <> ? LIMIT 1
                """, arguments: [pid, ProcessSample.tableNamePrefix.count, ProcessSample.tableNamePrefix])
        return (pid, name)
    }

    /// - Parameter levelled: it levelled off by the second half of its samples: hedged and weighed
    ///   `ConfidenceWeight.levelledOff`, as a heap site or profile function that stopped growing.
    private func processQueueDraft(
        _ r: ProcessWindowResult, _ g: ProcessGrowth, keptKB kb: Double, sameNameKB: Double, levelled: Bool,
        swings: Bool = false, base: Double
    ) throws -> SuspectDraft {
        let a = segments[r.window.segment]
        let share = kb / r.keptKB
        // Half of the node's growth or more, but not far more: a process that grew half again what its node kept was
        // caught big in samples the node's memory does not agree with (a worker spiking and hibernating).
        let ofNode = (kb + sameNameKB) / r.keptKB
        let nodeLevelled = !a.isGrowing && !r.window.isSpike
        let confident = ofNode >= 0.5 && ofNode <= 1.5 && g.samples >= 3 && !levelled && !nodeLevelled
        let owner = try tableOwner(g)
        var name = g.pid.map { pid in g.registeredName.map { "\(pid) (\($0))" } ?? pid } ?? g.process
        // A table is known by its name and by the process that owns it, which is what the code calls it by.
        if let owner, let table = g.registeredName {
            name = "\(table) owned by " + (owner.name.map { "\($0) \(owner.pid)" } ?? owner.pid)
        }
        let seconds = Double(g.lastTS.milliseconds - g.firstTS.milliseconds) / 1000
        var reason =
            "\(name) grew \(formatMB(kb)) in \(formatDuration(seconds)) "
            + "(\(formatMB(Double(g.memoryFirst ?? 0) / 1024)) "
            + "→ \(formatMB(Double(g.memoryLast ?? 0) / 1024)), kept \(formatMB(kb)) at its lowest of the last "
            + "samples): \(formatPercent(min(share, 9.99))) of the "
            + "\(formatMB(r.keptKB)) \(a.series.label) \(keptWords(r.window)) over the same samples"
        if let owner {
            let described = owner.name.map { "\(owner.pid) (\($0))" } ?? owner.pid
            reason += ", an ETS table owned by \(described): it lives outside its owner's heap"
        }
        let binaryGrowth = (g.binaryLast ?? 0) - (g.binaryFirst ?? 0)
        let mostlyBinaries = g.binaryLast != nil && binaryGrowth >= (g.memoryGrowth ?? 0) / 2
        if let queue = g.queueLast {
            if let growth = g.queueGrowth, growth > 0 {
                reason +=
                    ", with its mailbox at \(formatCount(queue)) messages (up from \(formatCount(g.queueFirst ?? 0))"
                    + ((g.queueMax ?? queue) > queue ? ", \(formatCount(g.queueMax ?? queue)) at most" : "") + ")"
            } else {
                reason +=
                    ", its mailbox at \(formatCount(queue)) messages (not growing: "
                    + (mostlyBinaries ? "the memory is what it keeps)" : "the memory is its own heap, state it keeps)")
            }
        }
        if mostlyBinaries, let binary = g.binaryLast {
            reason +=
                ", most of it refc binaries it references (\(formatMB(Double(g.binaryFirst ?? 0) / 1024)) → "
                + "\(formatMB(Double(binary) / 1024)) in process_info binary): off its heap, kept whole by the "
                + "slices or references it holds"
        }
        if let f = g.currentFunction { reason += ", last seen in \(f)" }
        if sameNameKB > 0, let registered = g.registeredName {
            reason +=
                "; in its other lives (a restart: another pid, or the same one on a restarted node) "
                + "\(registered) kept \(formatMB(sameNameKB)) more, "
                + "\(formatPercent(min((kb + sameNameKB) / r.keptKB, 9.99))) of it in all"
        }
        if nodeLevelled {
            reason +=
                "; its node's memory levelled off around it (other memory came and went), so this is growth beneath a "
                + "level total: what keeps it and whether it is bounded, the process's own state tells"
        }
        if ofNode > 1.5, !nodeLevelled {
            reason +=
                "; its node kept far less than that, so the samples caught it big at moments its memory came and went"
        }
        if levelled {
            reason +=
                "; it held flat through the second half of its samples: state that filled and stays, or a heap "
                + "that grows in the BEAM's big steps and has not needed the next one yet; later samples tell"
        }
        if !confident { reason = "Possibly " + reason }

        let host = r.host
        let match = g.sampleCondition
        let evidence = try processEvidence(r, g, name: name)
        let span = g.ownSpan(fromMS: r.fromMS, toMS: r.toMS)
        let sql = """
            SELECT ts, pid, registered_name, memory, message_queue_len, current_function, line, binary_bytes
            FROM process_samples
            WHERE \(match) AND host IS \(SQLText.literal(host))
              AND ts BETWEEN \(SQLText.literal(Timestamp(milliseconds: span.fromMS).iso8601))
              AND \(SQLText.literal(Timestamp(milliseconds: span.toMS).iso8601))
            ORDER BY ts
            """
        let isTable = g.registeredName?.hasPrefix(ProcessSample.tableNamePrefix) == true
        return SuspectDraft(
            kind: isTable ? .etsTable : .erlangProcess, name: name,
            score: score(
                kb, base,
                swings
                    ? ConfidenceWeight.swinging
                    : levelled ? ConfidenceWeight.levelledOff : ConfidenceWeight.of(confident)),
            confident: confident,
            explainedKB: kb.rounded(), reason: reason, sql: sql, evidence: Array(evidence.prefix(t.evidenceRows)),
            basis: .retained, segments: [r.window.segment])
    }

    /// The process's first and last samples (and the one with the longest mailbox), then the node's RSS at both ends.
    private func processEvidence(_ r: ProcessWindowResult, _ g: ProcessGrowth, name: String) throws -> [EvidenceDraft] {
        let a = segments[r.window.segment]
        let span = g.ownSpan(fromMS: r.fromMS, toMS: r.toMS)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT artifact_id, line, ts, memory, message_queue_len, current_function FROM process_samples
                WHERE \(g.sampleCondition) AND host IS ? AND ts BETWEEN ? AND ?
                ORDER BY ts, id
                """,
            arguments: [
                r.host, Timestamp(milliseconds: span.fromMS).iso8601, Timestamp(milliseconds: span.toMS).iso8601,
            ])
        var picked: [Int] = []
        if !rows.isEmpty { picked = [0, rows.count - 1] }
        if let most = rows.indices.max(by: {
            (rows[$0]["message_queue_len"] as Int? ?? 0) < (rows[$1]["message_queue_len"] as Int? ?? 0)
        }), !picked.contains(most), (rows[most]["message_queue_len"] as Int? ?? 0) > 0 {
            picked.insert(most, at: 1)
        }
        var evidence = Array(Set(picked)).sorted().map { i -> EvidenceDraft in
            let row = rows[i]
            let memory: Int? = row["memory"]
            let queue: Int? = row["message_queue_len"]
            var value = "memory \(memory.map { formatCount($0) } ?? "?") bytes"
            if let queue { value += ", \(formatCount(queue)) messages queued" }
            if let f: String = row["current_function"] { value += ", in \(f)" }
            return EvidenceDraft(
                label: "process_info of \(name)", artifactID: row["artifact_id"], line: row["line"], lineEnd: nil,
                ms: Timestamp.parseISO(row["ts"] as String)?.milliseconds, value: value)
        }
        for (ms, label) in [(r.fromMS, "\(a.series.label) at the first sample"), (r.toMS, "at the last sample")] {
            if let e = rssEvidence(r.window, at: ms, label: label) { evidence.append(e) }
        }
        return evidence
    }
}
