import Foundation

/// Merges suspects that name one culprit: the same kind and the same stable identity.
///
/// The identity drops what changes when a process restarts: pids (`pid 4821`, `pids 1, 2`, `<0.120.0>`,
/// `#PID<0.120.0>`) and a Heroku dyno's instance (`web.2 dyno 837a58f0`), so the same registered Erlang process before and after a supervisor restart, the same worker
/// slot under a new pid, or the same job class over two segments is one suspect. Its score is the sum (at most
/// 100), its explained memory the sum, confident when any part is, the best part's reason first and every part's
/// segments listed. Two OS processes alive at the same time (`puma pid 9380` beside `puma pid 9381`) are siblings,
/// never one process: a process suspect merges only with the incarnations that came before or after it.
enum SuspectMerger {
    /// - Parameter span: the first and last sample time (ms) of a segment, to tell successive incarnations of a
    ///   process from siblings running at once.
    static func merge(
        _ drafts: [SuspectDraft], evidenceRows: Int, span: (Int) -> (first: Int64, last: Int64)? = { _ in nil }
    ) -> [SuspectDraft] {
        var order: [String] = []
        var groups: [String: [SuspectDraft]] = [:]
        for d in drafts {
            var key = d.kind.rawValue + "\u{1F}" + identity(d.name)
            if d.kind == .process, osPID(d.name) != nil {
                // The first group of that identity none of whose processes ran beside this one.
                var n = 0
                while let others = groups[key + "\u{1F}\(n)"], others.contains(where: { ranTogether($0, d, span) }) {
                    n += 1
                }
                key += "\u{1F}\(n)"
            }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(d)
        }
        return order.compactMap { key in
            guard var parts = groups[key], !parts.isEmpty else { return nil }
            guard parts.count > 1 else { return parts[0] }
            parts.sort { ($0.score, $1.name) > ($1.score, $0.name) }
            var merged = parts[0]
            let name = identity(merged.name)
            let starts = parts.map { d in d.segments.compactMap { span($0)?.first }.min() ?? .max }
            let inOrder = zip(starts, parts).sorted { $0.0 < $1.0 }.map(\.1)
            merged.name = name.isEmpty ? merged.name : withPIDs(name, inOrder.compactMap { osPID($0.name) })
            merged.score = round2(min(100, parts.reduce(0) { $0 + $1.score }))
            merged.explainedKB = parts.reduce(0) { $0 + $1.explainedKB }
            merged.confident = parts.contains(where: \.confident)
            merged.levelledOff = parts.allSatisfy(\.levelledOff)
            if merged.confident { merged.reason = unhedged(merged.reason) }
            merged.reason +=
                "; the same \(merged.kind.rawValue.replacingOccurrences(of: "_", with: " ")) appears "
                + "\(parts.count - 1) more time\(parts.count == 2 ? "" : "s") (as "
                + parts.dropFirst().map(\.name).joined(separator: ", ")
                + "), merged: \(formatMB(merged.explainedKB)) in all"
            var evidence: [EvidenceDraft] = []
            // Each part's strongest rows first, so every segment is represented.
            let perPart = max(1, evidenceRows / parts.count)
            for p in parts { evidence += p.evidence.prefix(perPart) }
            for p in parts { evidence += p.evidence.dropFirst(perPart) }
            merged.evidence = Array(evidence.prefix(evidenceRows))
            merged.segments = Array(Set(parts.flatMap(\.segments))).sorted()
            merged.sql = parts.map(\.sql).enumerated().filter { i, sql in !parts.prefix(i).map(\.sql).contains(sql) }
                .map(\.element).joined(separator: ";\n")
            return merged
        }
    }

    /// The OS pid a process suspect names (`puma pid 9381 on vm`), nil for Erlang pids and dyno instances.
    static func osPID(_ name: String) -> Int? {
        guard let regex = try? Regex(#"\bpid ([0-9]+)\b"#), let match = name.firstMatch(of: regex),
            let digits = match.output[1].substring
        else { return nil }
        return Int(digits)
    }

    /// Two process suspects naming different OS pids whose segments overlap in time: siblings, not incarnations.
    private static func ranTogether(
        _ a: SuspectDraft, _ b: SuspectDraft, _ span: (Int) -> (first: Int64, last: Int64)?
    ) -> Bool {
        guard let pa = osPID(a.name), let pb = osPID(b.name), pa != pb else { return false }
        let sa = a.segments.compactMap(span)
        let sb = b.segments.compactMap(span)
        return sa.contains { x in sb.contains { y in x.first < y.last && y.first < x.last } }
    }

    /// A merged process named with the OS pids of its incarnations, in the order they ran: `puma: cluster worker 1
    /// [app] pids 5136, 5990 on vm`.
    static func withPIDs(_ name: String, _ pids: [Int]) -> String {
        var seen = Set<Int>()
        let unique = pids.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return name }
        let list = (unique.count == 1 ? "pid " : "pids ") + unique.map(String.init).joined(separator: ", ")
        if let on = name.range(of: " on ", options: .backwards) {
            return name[..<on.lowerBound] + " " + list + name[on.lowerBound...]
        }
        return name + " " + list
    }

    /// The name without the pids a restart changes.
    static func identity(_ name: String) -> String {
        var s = name
        for pattern in [
            #"#PID<[0-9.]+>"#, #"<[0-9]+\.[0-9]+\.[0-9]+>"#, #"\bpids? [0-9]+(, [0-9]+)*"#, #"\bdyno [0-9a-f]{8}\b"#,
        ] {
            if let regex = try? Regex(pattern) { s = s.replacing(regex, with: "") }
        }
        s = s.replacingOccurrences(of: "()", with: "")
        s = s.trimmingCharacters(in: .whitespaces)
        // `<0.87.0> (roster_keeper)` is `(roster_keeper)` without its pid: the name inside; a name that ends in a
        // parenthesis of its own keeps it.
        if s.hasPrefix("("), s.hasSuffix(")"), !s.dropFirst().contains("(") { s = String(s.dropFirst().dropLast()) }
        s = s.trimmingCharacters(in: .whitespaces)
        while s.contains("  ") { s = s.replacingOccurrences(of: "  ", with: " ") }
        return s
    }
}
