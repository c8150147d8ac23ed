import Foundation
import GRDB

/// Suspects of kind `process` from the lives of a registered Erlang process: its memory climbed in each life, a life
/// ended at the top of its climb (killed, and restarted by its supervisor under a new pid), and it climbed again.
///
/// Such a process leaks even when its node's memory does not grow: each kill gives the growth back, so the node's
/// series saws and no segment of it keeps anything. What the lives climbed is then the incident's growth. Named
/// confidently when the VM's memory guard reported killing one of its pids (`maximum heap size reached`, stored as
/// a `worker-killed` event), else hedged: a restart for another reason ends a climb as well.
extension SuspectBuilder {
    /// The process samples of every registered process, by node and name, split into lives by pid and, where a
    /// restarted node reused a pid, by its reductions starting again (`ProcessLives`).
    static func registeredLives(_ db: Database) throws -> [RegisteredLives] {
        let condition = "registered_name IS NOT NULL AND pid IS NOT NULL AND memory IS NOT NULL"
        var numbering = try ProcessLives(db, conditions: [condition], arguments: [])
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT host, registered_name, pid, ts, memory + coalesce(binary_bytes, 0) AS memory, reductions,
                       artifact_id, line
                FROM process_samples
                WHERE \(condition)
                ORDER BY ts, id
                """)
        var out: [RegisteredLives] = []
        while let row = try rows.next() {
            let host: String? = row["host"]
            let name: String = row["registered_name"]
            let pid: String = row["pid"]
            guard let ts = Timestamp.parseISO(row["ts"] as String) else { continue }
            let sample = RegisteredLives.Sample(
                ms: ts.milliseconds, kb: Double(row["memory"] as Int) / 1024, artifactID: row["artifact_id"],
                line: row["line"])
            let life = numbering.life(of: pid, reductions: row["reductions"])
            let first = RegisteredLives.Life(pid: pid, life: life, samples: [sample])
            guard let p = out.firstIndex(where: { $0.host == host && $0.name == name }) else {
                out.append(RegisteredLives(host: host, name: name, lives: [first]))
                continue
            }
            if let i = out[p].lives.firstIndex(where: { $0.pid == pid && $0.life == life }) {
                out[p].lives[i].samples.append(sample)
            } else {
                out[p].lives.append(first)
            }
        }
        return out.filter { $0.lives.count >= 2 }
            .sorted { ($0.host ?? "", $0.name) < ($1.host ?? "", $1.name) }
    }

    /// What the killed-and-climbing processes climbed in all their lives, KiB: the growth to explain when no
    /// series kept any.
    static func killedLivesGrowthKB(_ lives: [RegisteredLives], _ t: AnalysisThresholds) -> Double {
        lives.filter { $0.climbsLifeAfterLife(t) }.reduce(0) { $0 + $1.climbedKB(t) }
    }

    func killedLivesSuspects(_ lives: [RegisteredLives], base: Double, named: Set<String>) throws -> [SuspectDraft] {
        var out: [SuspectDraft] = []
        for p in lives where p.climbsLifeAfterLife(t) {
            // The process already named from its node's growth windows is the same suspect.
            guard !named.contains(where: { $0.contains("(\(p.name))") || $0 == p.name }) else { continue }
            let kills = try memoryKills(of: p)
            let confident = !kills.isEmpty
            let climbing = p.lives.filter { $0.climbed(t) }
            let ended = p.lives.dropLast().filter { $0.climbed(t) }
            let kb = p.climbedKB(t)
            let climbs = climbing.map { life in
                "\(formatMB(life.samples.first?.kb ?? 0)) → \(formatMB(life.samples.last?.kb ?? 0)) (\(life.pid))"
            }
            var reason =
                "\(p.name) climbed in \(climbing.count) of its \(p.lives.count) lives, \(climbs.joined(separator: ", ")), "
                + "and \(ended.count == 1 ? "one" : "\(ended.count)") ended at the top of its climb, restarted under "
                + "a new pid"
            if !kills.isEmpty {
                reason +=
                    ": the VM's memory guard killed \(kills.map { "\($0.pid) at \(clockTime($0.iso))" }.joined(separator: " and ")) "
                    + "(maximum heap size reached)"
            }
            reason +=
                ". It keeps what it is sent and loses it only when it is killed: the kills give the growth back, so "
                + "\(p.host.map { "\($0)'s" } ?? "its node's") memory saws instead of growing"
            if !confident { reason = "Possibly " + reason }
            var evidence: [EvidenceDraft] = []
            for life in climbing {
                guard let first = life.samples.first, let last = life.samples.last else { continue }
                evidence.append(
                    EvidenceDraft(
                        label: "process_info of \(p.name) \(life.pid), first", artifactID: first.artifactID,
                        line: first.line, lineEnd: nil, ms: first.ms, value: formatMB(first.kb)))
                evidence.append(
                    EvidenceDraft(
                        label: "process_info of \(p.name) \(life.pid), last", artifactID: last.artifactID,
                        line: last.line, lineEnd: nil, ms: last.ms, value: formatMB(last.kb)))
            }
            evidence = kills.map(\.evidence) + evidence
            let sql = """
                SELECT ts, pid, registered_name, memory, message_queue_len, line FROM process_samples
                WHERE registered_name = \(SQLText.literal(p.name)) AND host IS \(SQLText.literal(p.host))
                ORDER BY ts
                """
            out.append(
                SuspectDraft(
                    kind: .process, name: p.name, score: score(kb, base, ConfidenceWeight.of(confident)),
                    confident: confident, explainedKB: kb.rounded(), reason: reason, sql: sql,
                    evidence: Array(evidence.prefix(t.evidenceRows)), basis: .retained))
        }
        return out
    }

    /// The VM's reports that it killed one of the process's pids for its heap size.
    private func memoryKills(of p: RegisteredLives) throws -> [(pid: String, iso: String, evidence: EvidenceDraft)] {
        try p.lives.flatMap { life -> [(pid: String, iso: String, evidence: EvidenceDraft)] in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT ts, artifact_id, line, message FROM events
                    WHERE kind = 'worker-killed' AND (instr(details, ?) > 0 OR instr(message, ?) > 0)
                    ORDER BY ts, id
                    """, arguments: [life.pid, life.pid]
            ).map { row in
                let iso: String = row["ts"]
                return (
                    life.pid, iso,
                    EvidenceDraft(
                        label: "\(p.name) \(life.pid) killed for its memory", artifactID: row["artifact_id"],
                        line: row["line"], lineEnd: nil, ms: Timestamp.parseISO(iso)?.milliseconds,
                        value: String((row["message"] as String).prefix(120)))
                )
            }
        }
    }
}

/// A registered process's samples on one node, one life per pid (and per life of a reused pid), in the order they
/// were first seen.
struct RegisteredLives {
    struct Sample {
        var ms: Int64
        var kb: Double
        var artifactID: Int64
        var line: Int
    }

    struct Life {
        var pid: String
        /// Which life of this pid (0 for its first): a restarted node may give the process the same pid again.
        var life = 0
        var samples: [Sample]

        var climbKB: Double { (samples.last?.kb ?? 0) - (samples.first?.kb ?? 0) }

        /// Whether its memory climbed all its life: at least three samples, a rise of `lifeMinClimbKB`, most steps
        /// up, its last sample at its top, and its second half still rising (a table loaded at start levels off).
        func climbed(_ t: AnalysisThresholds) -> Bool {
            guard samples.count >= 3, climbKB >= t.lifeMinClimbKB,
                let top = samples.map(\.kb).max(), let last = samples.last?.kb, last >= 0.9 * top
            else { return false }
            let steps = zip(samples, samples.dropFirst())
            let up = steps.filter { $1.kb > $0.kb }.count
            let down = steps.filter { $1.kb < $0.kb }.count
            let secondHalf = samples[(samples.count / 2)...].map(\.kb)
            let lateRise = (secondHalf.last ?? 0) - (secondHalf.min() ?? 0)
            return up >= 2 * max(down, 1) && lateRise > 0.05 * climbKB
        }
    }

    var host: String?
    var name: String
    var lives: [Life]

    /// Two lives or more that climbed, one of them cut off at the top of its climb by the next pid: a leak the
    /// restarts keep giving back, worth `suspectMinKB` over all lives.
    func climbsLifeAfterLife(_ t: AnalysisThresholds) -> Bool {
        lives.filter { $0.climbed(t) }.count >= 2 && lives.dropLast().contains { $0.climbed(t) }
            && climbedKB(t) >= t.suspectMinKB
    }

    /// What the lives that climbed climbed, KiB.
    func climbedKB(_ t: AnalysisThresholds) -> Double {
        lives.filter { $0.climbed(t) }.reduce(0) { $0 + $1.climbKB }
    }
}
