/// When each snapshot of a capture file was taken.
///
/// A snapshot takes the stamp line printed just before it (`date`, see `SnapshotStamp`). A file that holds one
/// snapshot and no stamp takes `--at`, a time in the file name, or its mtime. A later snapshot with no stamp of
/// its own cannot be placed in time.
struct SnapshotClock {
    private let fileTime: Timestamp?
    /// The incident's day, or the file's: which of `07/12/2026`'s readings to take.
    private let day: Int?
    private var stamp: Timestamp?
    /// A stamp came after the last snapshot began: the next one is timed by it.
    private var stampIsFresh = false
    /// Snapshots begun so far.
    private(set) var snapshots = 0

    init(context: ParseContext) {
        fileTime = context.snapshotTime?.ts
        day = context.day ?? context.modified.map { Int($0.milliseconds / 86_400_000) }
    }

    /// Takes `text` as a stamp line when it is one.
    mutating func readStamp(_ text: String, zone: ZoneRule) -> Bool {
        guard let ts = SnapshotStamp.parse(text, zone: zone, near: day) else { return false }
        stamp = ts
        stampIsFresh = true
        return true
    }

    /// The time of the last stamp line read.
    var stampTime: Timestamp? { stamp }

    /// Whether a time line came since the last snapshot began.
    var hasFreshStamp: Bool { stampIsFresh }

    /// Begins a snapshot; its time, or nil when it has none.
    mutating func beginSnapshot() -> Timestamp? {
        defer {
            stampIsFresh = false
            snapshots += 1
        }
        if stampIsFresh { return stamp }
        return stamp == nil && snapshots == 0 ? fileTime : nil
    }

    /// Why the current snapshot has no time, and the fix: `what` names it (`ps snapshot`), `capture` the command.
    func missingTime(_ what: String, capture: String) -> String {
        snapshots <= 1
            ? "no time for this \(what): pass --at, or print `date` before each \(capture)"
            : "a second \(what) without a time line before it: print `date` before each \(capture)"
    }
}
