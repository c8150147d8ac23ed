/// The boolean facts a heap dump records about an object, as the bits stored in `heap_objects.flags`.
public struct HeapFlags: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let frozen = HeapFlags(rawValue: 1)
    public static let embedded = HeapFlags(rawValue: 2)
    public static let fstring = HeapFlags(rawValue: 4)
    public static let shared = HeapFlags(rawValue: 8)
    public static let old = HeapFlags(rawValue: 16)
    public static let uncollectible = HeapFlags(rawValue: 32)
    public static let marked = HeapFlags(rawValue: 64)
    public static let wbProtected = HeapFlags(rawValue: 128)
    public static let singleton = HeapFlags(rawValue: 256)
    public static let chilled = HeapFlags(rawValue: 512)
}
