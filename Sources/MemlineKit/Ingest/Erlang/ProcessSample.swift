/// One Erlang/Elixir process at one instant, from a `process_info` snapshot.
public struct ProcessSample: Sendable, Equatable {
    /// The first line of the process's entry.
    public var line: Int
    public var ts: Timestamp
    public var host: String?
    /// The pid as printed: `<0.123.0>` (Elixir's `#PID<0.123.0>` is stored the same way); nil when not printed.
    public var pid: String?
    public var registeredName: String?
    /// Bytes.
    public var memory: Int?
    /// Bytes of the refc binaries it references (`process_info(P, binary)`), outside its heap.
    public var binaryBytes: Int?
    public var messageQueueLen: Int?
    public var reductions: Int?
    /// `module:function/arity`.
    public var currentFunction: String?
    public var initialCall: String?
    /// Words.
    public var totalHeapSize: Int?
    public var heapSize: Int?
    public var status: String?
    /// What the snapshot's timestamp line says after the time.
    public var snapshot: String?

    /// An ETS table read as a sample of its own (`ets:info/1`) is named `ets:NAME`…
    static let tableNamePrefix = "ets:"
    /// …and says its owner in `initialCall`: `ets table owned by <0.86.0>`.
    static let tableOwnerPrefix = "ets table owned by "

    public init(line: Int, ts: Timestamp) {
        self.line = line
        self.ts = ts
    }
}
