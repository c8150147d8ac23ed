/// One Ruby heap dump as a whole: its label, when it was taken, and its totals.
///
/// The heap parser emits it once, after the dump's last line: the store completes the snapshot
/// row (created with the first object) and resolves class names when it arrives.
public struct HeapSnapshot: Sendable, Equatable {
    /// The first line of the dump that held an object or a root.
    public var line: Int
    /// `--label`, else the file name without its extensions (`heap-1` for `heap-1.json.gz`).
    public var label: String
    public var takenAt: Timestamp?
    /// Where `takenAt` came from: `option` (`--at`), `file name`, or `mtime`.
    public var takenAtSource: String?
    public var host: String?
    public var pid: Int?
    /// Object records (every type but ROOT and SHAPE).
    public var objects = 0
    /// Sum of the objects' `memsize`, bytes.
    public var memsize = 0
    /// Reference edges (object → object).
    public var refs = 0
    /// Root edges (ROOT → object).
    public var roots = 0
    /// SHAPE records (Ruby 3.2+), counted but not stored.
    public var shapes = 0
    /// Objects carrying an allocation `file` (trace_object_allocations was on).
    public var traced = 0
    /// The highest `generation` of any object.
    public var maxGeneration: Int?
    /// The first line that ends inside its object (the dump was cut there): the snapshot is partial, objects after
    /// it are missing. Nil when every object was whole.
    public var partialLine: Int?

    public init(
        line: Int, label: String, takenAt: Timestamp? = nil, takenAtSource: String? = nil, host: String? = nil,
        pid: Int? = nil
    ) {
        self.line = line
        self.label = label
        self.takenAt = takenAt
        self.takenAtSource = takenAtSource
        self.host = host
        self.pid = pid
    }
}
