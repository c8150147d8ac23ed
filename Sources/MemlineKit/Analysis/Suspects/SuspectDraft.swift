/// A suspect before ranking: kind, name, the figures and the rows that support it.
struct SuspectDraft: Sendable {
    var kind: SuspectKind
    var name: String
    var score: Double
    var confident: Bool
    var explainedKB: Double
    var reason: String
    var sql: String
    var evidence: [EvidenceDraft]
    /// What the suspect rests on (see `VerdictReconciler`).
    var basis: SuspectBasis
    /// The analysed segments (indices) whose growth it explains.
    var segments: [Int] = []
    /// A retained site or function that stopped growing (a cache that filled): ranked after what still rises.
    var levelledOff = false
}
