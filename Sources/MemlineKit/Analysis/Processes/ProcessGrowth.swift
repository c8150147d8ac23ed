/// One Erlang process over the captured window: how its memory and mailbox moved.
///
/// A process is identified by its pid, or by its registered name when the snapshot printed no pid
/// (a full `process_info/1` of a named process). Growth is last minus first sample that has the value.
public struct ProcessGrowth: Sendable, Equatable {
    public var process: String
    public var pid: String?
    public var registeredName: String?
    public var samples: Int
    public var firstTS: Timestamp
    public var lastTS: Timestamp
    /// Bytes: process_info memory plus the refc binaries it references, when the samples list them (`binaryFirst`).
    public var memoryFirst: Int?
    public var memoryLast: Int?
    public var memoryMax: Int?
    /// Bytes of refc binaries it referenced at its first and last sample (part of `memoryFirst`/`memoryLast`).
    public var binaryFirst: Int?
    public var binaryLast: Int?
    public var queueFirst: Int?
    public var queueLast: Int?
    public var queueMax: Int?
    public var reductionsFirst: Int?
    public var reductionsLast: Int?
    /// The latest current_function seen.
    public var currentFunction: String?
    public var initialCall: String?

    public var memoryGrowth: Int? { memoryLast.flatMap { last in memoryFirst.map { last - $0 } } }
    public var queueGrowth: Int? { queueLast.flatMap { last in queueFirst.map { last - $0 } } }
    public var reductionsGrowth: Int? { reductionsLast.flatMap { last in reductionsFirst.map { last - $0 } } }
}
