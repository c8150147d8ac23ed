/// What kind of evidence a suspect rests on, which decides how far it can be trusted in the verdict.
enum SuspectBasis: Sendable, Equatable {
    /// The runtime's own view of what is retained: a heap diff, a heap-profile diff, Erlang process memory.
    case retained
    /// The endpoint or job whose name ties it to the code that allocated what is retained (`AllocatingWork`).
    case allocates
    /// Per-request RSS deltas credited to the requests that raised the process's floor.
    case rssDelta
    /// Timing only: runs or requests in flight while memory rose.
    case timing
    /// Timing per sample interval: the work counted between samples follows what the floor kept in each, so it
    /// speaks for what each run or request keeps, not for one step.
    case perInterval
    /// Work only the leaking process ran, while its siblings, running the rest, did not keep growing.
    case servedAlone
    /// The process's own series against its siblings', or a process nothing explains.
    case process
    /// A setting read from the runtime's statistics (GC never runs).
    case configuration
    /// A change (deploy, release, configuration, rollback) next to a change point.
    case change
}
