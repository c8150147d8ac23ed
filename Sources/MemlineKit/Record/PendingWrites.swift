import GRDB

/// The intervals a recording has sampled but not yet stored, because another process held the write lock.
///
/// Each `write` appends the new interval and tries to store everything kept, in order, in one
/// transaction; a `SQLITE_BUSY` after the connection's busy timeout keeps them for the next try. Once
/// `maxIntervals` are kept, the next try waits for the lock with `RecordingSession.waitingBusyTimeoutMS`
/// and its error, if any, ends the recording.
struct PendingWrites {
    let maxIntervals: Int
    /// The busy timeout of an ordinary interval's write, ms.
    let busyTimeoutMS: Int
    private var batches: [RecordBatch] = []
    /// Intervals that were not stored in their own interval.
    private(set) var delayed = 0

    init(maxIntervals: Int, busyTimeoutMS: Int) {
        self.maxIntervals = maxIntervals
        self.busyTimeoutMS = busyTimeoutMS
    }

    var hasPending: Bool { !batches.isEmpty }

    /// Adds `batch` and stores every kept interval if the lock is free.
    /// - Returns: the next free line number (unchanged while intervals are kept).
    /// - Throws: database errors other than a busy lock, or a busy lock once `maxIntervals` are kept.
    mutating func write(
        _ batch: RecordBatch, into database: MemlineDatabase, artifactID: Int64, host: String?, line: Int
    ) throws -> Int {
        batches.append(batch)
        if batches.count > maxIntervals {
            try database.configureForRecording(busyTimeoutMS: RecordingSession.waitingBusyTimeoutMS)
            let next = try flush(into: database, artifactID: artifactID, host: host, line: line)
            try database.configureForRecording(busyTimeoutMS: busyTimeoutMS)
            return next
        }
        do {
            return try flush(into: database, artifactID: artifactID, host: host, line: line)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            delayed += 1
            return line
        }
    }

    /// Stores every kept interval in one transaction and forgets them.
    mutating func flush(into database: MemlineDatabase, artifactID: Int64, host: String?, line: Int) throws -> Int {
        let next = try database.appendRecording(artifactID: artifactID, host: host, batches: batches, firstLine: line)
        batches.removeAll(keepingCapacity: batches.count <= 16)
        return next
    }
}
