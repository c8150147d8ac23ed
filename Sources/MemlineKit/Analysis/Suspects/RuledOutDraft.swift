/// A candidate the evidence ruled out, with the reason: a red herring reviewers ask about first.
struct RuledOutDraft: Sendable, Equatable {
    var kind: SuspectKind
    var name: String
    var reason: String
    var sql: String
}
