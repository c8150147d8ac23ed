/// What one interval of recording produced: one committed batch.
public struct RecordBatch: Sendable, Equatable {
    public var ts: Timestamp
    public var samples: [ProcReading]
    /// `start`, `exit` and `oom` events; their `line` is assigned when stored.
    public var events: [Event]

    public init(ts: Timestamp, samples: [ProcReading] = [], events: [Event] = []) {
        self.ts = ts
        self.samples = samples
        self.events = events
    }
}
