/// What a suspect names: the `suspects.kind` column.
public enum SuspectKind: String, Sendable, Codable, CaseIterable {
    /// An endpoint whose requests kept RSS, or were in flight while it rose.
    case endpoint
    /// A background job class whose runs hold the rise.
    case jobClass = "job_class"
    /// An operating-system process: a divergent sibling, or a growing process nothing explains.
    case process
    /// An Erlang process (a registered name, or a pid such as `<0.88.0>`) whose own memory grew, read from the
    /// node's process listings; one name across its restarts.
    case erlangProcess = "erlang_process"
    /// An Erlang ETS table that grew: it lives outside every process's heap, so it is named as a table, with its owner.
    case etsTable = "ets_table"
    /// A setting, such as a garbage collector that never runs.
    case configuration
    /// A Ruby heap allocation site (`file:line`) whose objects survived.
    case allocationSite = "allocation_site"
    /// A gem whose objects survived.
    case gem
    /// A native function whose in-use bytes grew in heap profiles.
    case function
    /// A deploy, release, configuration change or rollback next to a trend's change point.
    case change
}
