/// The factors a suspect's score is multiplied by: 100 × explained share × weight.
enum ConfidenceWeight {
    /// The evidence agrees.
    static let confident = 1.0
    /// Thin or partial evidence: "possibly".
    static let hedged = 0.6
    /// A growing process nothing in the logs explains.
    static let unexplained = 0.3
    /// An attribution the runtime's retained view does not back: RSS deltas or timing in a process whose heap
    /// snapshots, profiles or process memory name what is retained. Ranked below what is retained.
    static let uncorroborated = 0.3
    /// A heap site in a library (`JSON.generate`) held by code the diff does not name: the holder is the lead, the
    /// site a clue.
    static let libraryOnly = 0.5
    /// A retained function whose in-use bytes levelled off (a bounded cache filling): below what still rises.
    static let levelledOff = 0.3
    /// An Erlang process whose working set swings (it gave back more than half of its rise between two samples):
    /// what it kept is where the samples caught it. Below what only ever rose.
    static let swinging = 0.15
    /// A suspect that explains only one-off steps while another process keeps leaking.
    static let oneOffStep = 0.4
    /// A change next to a change point, confidently (growth began right after it, nothing grew before).
    static let change = 0.8
    /// A change next to a change point, hedged.
    static let possibleChange = 0.45
    /// A change before growth with nothing of the same hosts sampled before it: what it changed cannot be seen.
    /// Ranked below the growing process itself.
    static let unobservedChange = 0.25

    /// The weight of a suspect that is confident or hedged.
    static func of(_ confident: Bool) -> Double { confident ? ConfidenceWeight.confident : ConfidenceWeight.hedged }
}
