import Foundation

/// The event kind a free-text line about an operation gets: on-call notes, runtime log lines about a release.
///
/// | the line reports | kind |
/// |---|---|
/// | rollback, rolled back, roll back, revert | `rollback` |
/// | deploy, release; shipped as the first word | `deploy` |
/// | restart, reboot, bounce | `restart` |
/// | config change, changed config, configuration; set `key: value` or `KEY=value`; a flag enabled or disabled | `change` |
/// | anything else | `note` |
///
/// A line reports an operation when it says so near its start ("deploy of 2.4.1 finished", "cap production deploy:
/// …", "restarted sidekiq"): the word is among its first four, and not after "no", "since", "after", "before" and
/// the like, nor "will", "to", "should" and the like that make it a plan. A line that only refers to one ("memory up
/// since the deploy", "no deploy since Tuesday", "ops asked to hold further deploys", "will roll back if it keeps
/// up", "rolling back tomorrow morning", "57 batches shipped", "batch 1 shipped to archive") is a `note`. The first row that matches wins: "rolled back the
/// deploy" is a rollback.
public enum NoteKind: String, Sendable, CaseIterable {
    case rollback
    case deploy
    case restart
    case change
    case note

    /// The kind of `text`, by the words near its start (case-insensitive): among the first `window` words (a change
    /// log's line, an operation by definition, may name it anywhere: `shop v4.2.0 (f83b1e4) -> app-1 release 2026…`).
    public static func classify(_ text: some StringProtocol, within window: Int = 4) -> NoteKind {
        let lower = text.lowercased()
        let words = lower.split(whereSeparator: \.isWhitespace).map {
            $0.trimmingCharacters(
                in: .punctuationCharacters.union(.symbols).subtracting(CharacterSet(charactersIn: ":")))
        }
        if words.contains(where: planned.contains) { return .note }
        if reports(
            words, ["rollback", "revert"], phrases: [["rolled", "back"], ["roll", "back"], ["rolling", "back"]],
            within: window)
        {
            return .rollback
        }
        if reports(words, ["deploy", "release"], within: window) || leads(words, "shipped") { return .deploy }
        if reports(words, ["restart", "reboot", "bounce"], within: window) { return .restart }
        if reports(
            words, ["configuration"],
            phrases: [["config", "change"], ["changed", "config"], ["changed", "the", "config"]], within: window)
            || reports(words, ["config:"], within: window) || setsASetting(words)
            || togglesAFlag(words, text: lower)
        {
            return .change
        }
        return .note
    }

    /// Whether one of the first four words is `set` or `unset` followed by a setting as `key: value` or `KEY=value`
    /// ("Ines set fare_matrix_memo: true in flags.yml", "set WEB_CONCURRENCY=3"), not after a referring word.
    private static func setsASetting(_ words: [String]) -> Bool {
        for i in words.indices.prefix(4) where ["set", "unset"].contains(words[i]) && i + 1 < words.count {
            let next = words[i + 1]
            guard next.hasSuffix(":") || (next.contains("=") && !next.hasPrefix("=")) else { continue }
            return !words[max(0, i - 2)..<i].contains { referring.contains($0) }
        }
        return false
    }

    /// Whether the line turns a feature flag on or off ("enabled the audit_trail flag", "flipper: feature=audit_trail
    /// operation=enable", "flags: audit.capture_bodies false -> true"): an enable/disable word among the first four,
    /// alone or as a `key=value`'s value, or a value turned to its opposite, on a line that names a flag or feature,
    /// not after a referring word.
    private static func togglesAFlag(_ words: [String], text: String) -> Bool {
        guard words.contains(where: { $0.contains("flag") || $0.hasPrefix("feature") }) else { return false }
        // `flags: audit.capture_bodies false -> true`: a value turned to its opposite.
        if text.firstMatch(
            of: #/\b(true|false|on|off|enabled|disabled)\s*(->|=>|→)\s*(true|false|on|off|enabled|disabled)\b/#)
            != nil
        {
            return true
        }
        let toggles = ["enabl", "disabl", "turned", "flipped", "switched"]
        for i in words.indices.prefix(4) {
            let value = words[i].split(separator: "=").last.map(String.init) ?? words[i]
            guard toggles.contains(where: { value.hasPrefix($0) }) else { continue }
            return !words[max(0, i - 2)..<i].contains { referring.contains($0) }
        }
        return false
    }

    /// Words that make what follows a reference to an operation, not a report of one.
    private static let referring: Set<String> = [
        "no", "not", "without", "never", "since", "after", "before", "until", "during", "hold", "further", "pre",
        "post", "about", "will", "to", "shall", "plan", "planning", "going", "should", "could", "might", "may", "must",
        "want", "wants", "need", "needs",
    ]

    /// Words that make a line a plan ("rolling back to v3.13.0 tomorrow morning"), not a report of what was done.
    private static let planned: Set<String> = ["tomorrow", "tonight"]

    /// Whether the line starts with `word`, alone or after a component's `name:` tag ("shipped 4.2.1", "deployer:
    /// shipped r512"): "shipped" later on says what was shipped ("batch 1 shipped to archive"), data, not code.
    private static func leads(_ words: [String], _ word: String) -> Bool {
        if words.first == word { return true }
        return words.count > 1 && words[0].hasSuffix(":") && words[1] == word
    }

    /// Whether one of `stems` (a word starting with it, or after a `:` as in `ps:restart`) or one of `phrases` starts
    /// among the first `window` words, not after a referring word.
    private static func reports(_ words: [String], _ stems: [String], phrases: [[String]] = [], within window: Int)
        -> Bool
    {
        for i in words.indices.prefix(window) {
            let word = words[i]
            let parts = word.split(separator: ":").map(String.init)
            let hit =
                stems.contains { stem in word.hasPrefix(stem) || parts.dropFirst().contains { $0.hasPrefix(stem) } }
                || phrases.contains { phrase in
                    i + phrase.count <= words.count
                        && zip(phrase, words[i..<(i + phrase.count)]).allSatisfy { $1.hasPrefix($0) }
                }
            guard hit else { continue }
            let before = words[max(0, i - 2)..<i]
            return !before.contains { referring.contains($0) }
        }
        return false
    }
}
