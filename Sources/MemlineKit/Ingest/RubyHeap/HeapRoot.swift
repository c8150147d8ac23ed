/// An object kept alive by a GC root (an entry of a `{"type":"ROOT"}` line's `references`).
public struct HeapRoot: Sendable, Equatable {
    public var line: Int
    /// `vm`, `machine_context`, `global_list`, `global_tbl`, `finalizer`…
    public var root: String
    public var address: Int64

    public init(line: Int, root: String, address: Int64) {
        self.line = line
        self.root = root
        self.address = address
    }
}
