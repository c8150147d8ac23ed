/// A reference from one heap object to another (an entry of a dump line's `references`).
public struct HeapRef: Sendable, Equatable {
    /// The dump line of the referring object.
    public var line: Int
    public var from: Int64
    public var to: Int64

    public init(line: Int, from: Int64, to: Int64) {
        self.line = line
        self.from = from
        self.to = to
    }
}
