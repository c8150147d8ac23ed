/// One object of a Ruby heap dump (a line of `ObjectSpace.dump_all`).
///
/// `line` is the dump file's line; the allocation line (`"line"` in the dump) is `lineNo`.
/// The class *name* is not in the object's own record: the store resolves `classAddress`
/// against the dump's CLASS/MODULE records once the whole file is read.
public struct HeapObject: Sendable, Equatable {
    public var line: Int
    public var address: Int64
    /// `STRING`, `ARRAY`, `HASH`, `OBJECT`, `CLASS`, `MODULE`, `ICLASS`, `DATA`, `IMEMO`…
    public var type: String
    public var classAddress: Int64?
    /// The constant name of a CLASS or MODULE record (nil when anonymous).
    public var name: String?
    /// For a singleton class: the name of the class it is attached to (Ruby 3.1+ `real_class_name`).
    public var realClassName: String?
    /// `imemo_type` of an IMEMO, `struct` of a DATA object.
    public var subtype: String?
    public var file: String?
    /// Allocation line in `file`.
    public var lineNo: Int?
    public var method: String?
    public var generation: Int?
    public var memsize: Int?
    public var bytesize: Int?
    public var length: Int?
    public var size: Int?
    public var slotSize: Int?
    public var flags: HeapFlags = []
    /// The first 40 characters of a STRING's or SYMBOL's value.
    public var valuePrefix: String?
    /// The gem or library of `file`: `newrelic_rpm 3.9.6`, `stdlib`, `app` (see `RubyLibrary`).
    public var gem: String?

    public init(line: Int, address: Int64, type: String) {
        self.line = line
        self.address = address
        self.type = type
    }

    /// True for the records that name a class or module for other objects' `class`.
    public var isClassLike: Bool { type == "CLASS" || type == "MODULE" || type == "ICLASS" }
}
