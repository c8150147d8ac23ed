import Foundation

/// Merges suspects that name one culprit: the same kind and the same stable identity.
///
/// The identity drops what changes when a process restarts: pids (`pid 4821`, `pids 1, 2`, `<0.120.0>`,
/// `#PID<0.120.0>`) and a Heroku dyno's instance (`web.2 dyno 837a58f0`), so the same registered Erlang process before and after a supervisor restart, the same worker
/// slot under a new pid, or the same job class over two segments is one suspect. Its score is the sum (at most
/// 100), its explained memory the sum, confident when any part is, the best part's reason first and every part's
/// segments listed.
enum SuspectMerger {
    static func merge(_ drafts: [SuspectDraft], evidenceRows: Int) -> [SuspectDraft] {
        var order: [String] = []
        var groups: [String: [SuspectDraft]] = [:]
        for d in drafts {
            let key = d.kind.rawValue + "\u{1F}" + identity(d.name)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(d)
        }
        return order.compactMap { key in
            guard var parts = groups[key], !parts.isEmpty else { return nil }
            guard parts.count > 1 else { return parts[0] }
            parts.sort { ($0.score, $1.name) > ($1.score, $0.name) }
            var merged = parts[0]
            let name = identity(merged.name)
            merged.name = name.isEmpty ? merged.name : name
            merged.score = round2(min(100, parts.reduce(0) { $0 + $1.score }))
            merged.explainedKB = parts.reduce(0) { $0 + $1.explainedKB }
            merged.confident = parts.contains(where: \.confident)
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

    /// The name without the pids a restart changes.
    static func identity(_ name: String) -> String {
        var s = name
        for pattern in [
            #"#PID<[0-9.]+>"#, #"<[0-9]+\.[0-9]+\.[0-9]+>"#, #"\bpids? [0-9]+(, [0-9]+)*"#, #"\bdyno [0-9a-f]{8}\b"#,
        ] {
            if let regex = try? Regex(pattern) { s = s.replacing(regex, with: "") }
        }
        s = s.replacingOccurrences(of: "()", with: "")
        s = s.trimmingCharacters(in: CharacterSet(charactersIn: " ()"))
        while s.contains("  ") { s = s.replacingOccurrences(of: "  ", with: " ") }
        return s
    }
}
