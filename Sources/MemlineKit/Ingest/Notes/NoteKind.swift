/// The event kind a free-text line about an operation gets: on-call notes, runtime log lines about a release.
///
/// | text mentions | kind |
/// |---|---|
/// | rollback, rolled back, roll back, revert | `rollback` |
/// | deploy, release, shipped | `deploy` |
/// | restart, reboot, bounce | `restart` |
/// | config change, changed config, configuration, set … to | `change` |
/// | anything else | `note` |
///
/// The first row that matches wins: "rolled back the deploy" is a rollback.
public enum NoteKind: String, Sendable, CaseIterable {
    case rollback
    case deploy
    case restart
    case change
    case note

    /// The kind of `text`, by the words it contains (case-insensitive).
    public static func classify(_ text: some StringProtocol) -> NoteKind {
        let lower = text.lowercased()
        func mentions(_ words: [String]) -> Bool { words.contains { lower.contains($0) } }
        if mentions(["rollback", "rolled back", "roll back", "rolling back", "revert"]) { return .rollback }
        if mentions(["deploy", "release", "shipped"]) { return .deploy }
        if mentions(["restart", "reboot", "bounce"]) { return .restart }
        if mentions(["config change", "changed config", "configuration", "config:", "changed the config"])
            || (lower.contains("config") && lower.contains("change"))
        {
            return .change
        }
        return .note
    }
}
