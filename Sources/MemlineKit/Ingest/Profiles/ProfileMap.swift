/// One mapping of the dumping process (a `/proc/self/maps` line after `MAPPED_LIBRARIES:`).
public struct ProfileMap: Sendable, Equatable {
    public var line: Int
    public var start: Int64
    public var end: Int64
    /// `r-xp`; nil in gperftools' cooked `start-end: path` form.
    public var perms: String?
    public var fileOffset: Int64
    /// The mapped file or pseudo-file (`[stack]`); nil for anonymous memory.
    public var path: String?

    public init(line: Int, start: Int64, end: Int64, perms: String?, fileOffset: Int64, path: String?) {
        self.line = line
        self.start = start
        self.end = end
        self.perms = perms
        self.fileOffset = fileOffset
        self.path = path
    }

    /// Whether `address` falls inside the mapping (addresses compared as unsigned).
    public func contains(_ address: Int64) -> Bool {
        let a = UInt64(bitPattern: address)
        return a >= UInt64(bitPattern: start) && a < UInt64(bitPattern: end)
    }
}
