import Foundation

/// Runs a recording: samples every interval and commits each interval as its own short transaction.
///
/// A crash or `kill -9` therefore loses at most the interval being written; the artifact row's
/// `rows`, `lines`, `first_ts` and `last_ts` are updated in the same transaction as the rows.
///
/// The database connection gets a small page cache (so the recorder's memory stays flat however long
/// it runs) and a busy timeout of half an interval: while another process holds the write lock (an
/// `ingest` into the same file), intervals are kept in memory and written together once the lock is
/// free, so sampling goes on at its pace. After a minute of kept intervals the recorder waits for the
/// lock as other writers do (10 s), and fails if it still cannot write.
/// ```swift
/// let stop = StopSignal()
/// stop.install()
/// let session = try RecordingSession(database: db, options: RecordOptions(target: .match("puma")))
/// let summary = try session.run(stop: stop)
/// ```
public final class RecordingSession {
    public let options: RecordOptions
    public let recorder: Recorder
    private let database: MemlineDatabase?

    /// - Parameter database: where to store; nil (or `options.write == false`) only samples.
    /// - Throws: `RecordError.invalidPattern` when a `--match` pattern is not a regular expression.
    public init(database: MemlineDatabase?, options: RecordOptions) throws(RecordError) {
        self.options = options
        self.database = options.write ? database : nil
        recorder = try Recorder(target: options.target, smaps: options.smaps, host: options.host)
    }

    /// How long one interval's write waits for another writer's lock before it is kept for later, ms.
    var busyTimeoutMS: Int { min(max(options.intervalMS / 2, 1), 1000) }

    /// How many intervals are kept while the database is locked before the recorder waits for the lock.
    var maxPendingIntervals: Int { max(60_000 / options.intervalMS, 10) }

    /// The busy timeout of every other memline connection, ms.
    static let waitingBusyTimeoutMS = 10_000

    /// Records until the duration ends, `stop` is triggered, or nothing is left to sample.
    /// - Parameter onBatch: called after each interval is stored (the live table).
    /// - Throws: `RecordError` when the target does not exist at the start; database errors.
    public func run(stop: StopSignal, onBatch: (RecordBatch, Recorder) -> Void = { _, _ in }) throws -> RecordSummary {
        let cpuAtStart = ProcessCPU.current().seconds
        let startDate = Date()
        let startClock = DispatchTime.now()
        let start = Timestamp(date: startDate)
        let first = recorder.sample(at: start)
        switch options.target {
        case .pids(let pids) where first.samples.isEmpty: throw RecordError.noSuchProcess(pids)
        case .cgroup(let path) where first.samples.isEmpty: throw RecordError.noCgroup(path)
        default: break
        }
        try database?.configureForRecording(busyTimeoutMS: Self.waitingBusyTimeoutMS)
        let artifactID = try database?.beginRecording(
            target: options.target, host: options.host, intervalMS: options.intervalMS, at: start)
        try database?.configureForRecording(busyTimeoutMS: busyTimeoutMS)
        var store = PendingWrites(maxIntervals: maxPendingIntervals, busyTimeoutMS: busyTimeoutMS)
        var line = 1
        var intervals = 0
        var samples = 0
        var events: [String: Int] = [:]
        var batch = first
        var ending = RecordSummary.Ending.duration
        let intervalNS = UInt64(options.intervalMS) * 1_000_000
        let endNS = options.durationMS.map { startClock.uptimeNanoseconds + UInt64($0) * 1_000_000 }
        while true {
            if let database, let artifactID {
                line = try store.write(batch, into: database, artifactID: artifactID, host: options.host, line: line)
            }
            intervals += 1
            samples += batch.samples.count
            for event in batch.events { events[event.kind, default: 0] += 1 }
            onBatch(batch, recorder)
            if recorder.isFinished {
                ending = options.target.isCgroup ? .cgroupGone : .allExited
                break
            }
            // Deadlines on a fixed grid from the start, so slow writes do not make the clock drift.
            let now = DispatchTime.now().uptimeNanoseconds
            var next = startClock.uptimeNanoseconds + UInt64(intervals) * intervalNS
            if next <= now { next = now + intervalNS - (now - startClock.uptimeNanoseconds) % intervalNS }
            if let endNS, next >= endNS { break }
            if stop.wait(until: DispatchTime(uptimeNanoseconds: next)) {
                ending = .signal
                break
            }
            batch = recorder.sample(at: Timestamp(date: Date()))
        }
        if let database, let artifactID, store.hasPending {
            try database.configureForRecording(busyTimeoutMS: Self.waitingBusyTimeoutMS)
            line = try store.flush(into: database, artifactID: artifactID, host: options.host, line: line)
        }
        var cpu = ProcessCPU.current()
        cpu.seconds -= cpuAtStart
        return RecordSummary(
            target: options.target, artifactID: artifactID, intervals: intervals, samples: samples, events: events,
            seconds: Date().timeIntervalSince(startDate), cpu: cpu, ending: ending, delayedIntervals: store.delayed)
    }
}
