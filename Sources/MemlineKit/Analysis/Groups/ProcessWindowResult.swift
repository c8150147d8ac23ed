import GRDB

/// Erlang processes (`process_samples`) of one node sampled in a growth window of its memory series, with how
/// much the series kept between their first and last samples.
struct ProcessWindowResult: Sendable {
    var window: GrowthWindow
    var host: String?
    /// The processes' growth over the window's samples.
    var processes: [ProcessGrowth]
    var fromMS: Int64
    var toMS: Int64
    /// RSS (or `erlang:memory()` total) kept between the first and last process sample, KiB.
    var keptKB: Double
    /// Whether an earlier window (the same node seen by another source) holds the same samples: its suspects are
    /// named there.
    var sharedWithEarlierWindow = false
    /// What each process (same order as `processes`) kept over the window, KiB (`keptKB(of:…)`), computed once
    /// for the suspects and the retained view.
    var processKeptKB: [Double] = []
    /// Whether each process levelled off by the second half of its samples with a mailbox that did not grow: it
    /// holds its state (a table loaded, a cache filled), or its heap grew in one of the BEAM's big steps and has
    /// not needed the next one yet. Not growth in the retained view; at most a hedged lead.
    var processLevelled: [Bool] = []
    /// Whether each process's memory never fell over at least four samples and rose at two of them or more: it
    /// holds what it takes, whatever the others swing.
    var processHolds: [Bool] = []
    /// Whether each process gave back more than half of its rise so far between two samples: a working set that
    /// swings, kept only as low as its second half went.
    var processSwings: [Bool] = []

    /// What each process kept, KiB, with what levelled off counted as nothing: the processes' retained view.
    var heldKB: [Double] { zip(processKeptKB, processLevelled).map { $1 ? 0 : $0 } }

    /// A process's kept growth over a window, KiB: its last memory minus its first when its last quarter of
    /// samples (at least three) only rose, else the lowest of them minus its first; and whether it levelled off.
    /// The refc binaries it references count with its memory unless they swing (`releasesItsBinaries`).
    static func keptKB(of g: ProcessGrowth, host: String?, fromMS: Int64, toMS: Int64, in db: Database) throws
        -> (kb: Double, levelled: Bool, holds: Bool, swings: Bool)
    {
        let held = try releasesItsBinaries(g, host: host, in: db) ? "memory" : "memory + coalesce(binary_bytes, 0)"
        let (fromMS, toMS) = g.ownSpan(fromMS: fromMS, toMS: toMS)
        let memory = try Int.fetchAll(
            db,
            sql: """
                SELECT \(held) FROM process_samples
                WHERE \(g.sampleCondition) AND host IS ? AND ts BETWEEN ? AND ? AND memory IS NOT NULL ORDER BY ts, id
                """,
            arguments: [host, Timestamp(milliseconds: fromMS).iso8601, Timestamp(milliseconds: toMS).iso8601])
        guard let first = memory.first, memory.count >= 2 else {
            return (Double(g.memoryGrowth ?? 0) / 1024, false, false, false)
        }
        // A tail that only rises is kept as it ends; one that also fell keeps its lowest value.
        let tail = Array(memory.suffix(max(min(3, memory.count - 1), memory.count / 4)))
        let rising = zip(tail, tail.dropFirst()).allSatisfy { $0 <= $1 }
        // One that gave back more than half of its rise so far, yet not all of it, swings (a worker copying a big
        // list every few seconds): it keeps the lowest of its second half, wherever the last samples caught it. One
        // that fell back to where it began was restarted (killed at its heap cap), and counts as before.
        var start = first
        var peak = first
        var swings = false
        for value in memory {
            peak = max(peak, value)
            let kept = Double(value - start)
            let rise = Double(peak - start)
            guard peak > start, kept < 0.5 * rise else { continue }
            if kept > 0.1 * rise {
                swings = true
            } else {
                // A restart: its next life is judged from where it began again.
                (start, peak) = (value, value)
            }
        }
        let end = swings ? (memory[(memory.count / 2)...].min() ?? first) : (rising ? tail.last : tail.min()) ?? first
        // A process that levelled off by the second half (a table loaded at boot, caught by the first sample) and
        // whose mailbox is not growing holds its state; it is not growing. The second half's biggest rise is what
        // counts, not its last value against its first: samples without pids follow a registered name across a
        // restart, and a process that was killed and grows again has not levelled off.
        var low = Int.max
        var rise = 0
        for value in memory[(memory.count / 2)...] {
            low = min(low, value)
            rise = max(rise, value - low)
        }
        let levelled =
            memory.count >= 4 && (g.queueGrowth ?? 0) <= 0 && Double(rise) <= 0.05 * Double(max(end - first, 0))
        let steps = zip(memory, memory.dropFirst())
        let holds = memory.count >= 4 && steps.allSatisfy { $0 <= $1 } && steps.filter { $0 < $1 }.count >= 2
        return (Double(end - first) / 1024, levelled, holds, swings)
    }
}

extension ProcessWindowResult {
    /// Whether the refc binaries a process references fell, between two of all its samples, by more than half their
    /// whole rise: big binaries it lets go of when it collects (a stager's sawtooth), not what it keeps. Judged over
    /// its whole life, since a window between two collections sees only a rise.
    static func releasesItsBinaries(_ g: ProcessGrowth, host: String?, in db: Database) throws -> Bool {
        let binaries = try Int.fetchAll(
            db,
            sql: """
                SELECT binary_bytes FROM process_samples
                WHERE \(g.sampleCondition) AND host IS ? AND binary_bytes IS NOT NULL ORDER BY ts, id
                """, arguments: [host])
        guard let first = binaries.first, let peak = binaries.max(), peak > first else { return false }
        return zip(binaries, binaries.dropFirst()).contains { 2 * ($0 - $1) > peak - first }
    }
}

extension ProcessGrowth {
    /// The part of a window this process lived in: a pid reused after a node restart is another process's.
    func ownSpan(fromMS: Int64, toMS: Int64) -> (fromMS: Int64, toMS: Int64) {
        (max(fromMS, firstTS.milliseconds), min(toMS, lastTS.milliseconds))
    }

    /// The `process_samples` rows of this process: its pid, or, for a named process printed by a full
    /// process_info without its pid, its registered name (see `processGrowth`).
    var sampleCondition: String {
        let byName = registeredName.map { "(pid IS NULL AND registered_name = \(SQLText.literal($0)))" }
        guard let pid else { return byName ?? "pid IS NULL AND registered_name IS NULL" }
        let byPid = "pid = \(SQLText.literal(pid))"
        return byName.map { "(\(byPid) OR \($0))" } ?? byPid
    }
}
