/// One allocation stack of a heap profile with what it holds in use.
public struct ProfileStack: Sendable, Equatable {
    /// The line with the stack's counts (`t*:` for jemalloc, the sample line for gperftools).
    public var line: Int
    /// Return addresses, youngest (the allocation) first, as written (two's complement above 2^63).
    public var frames: [Int64]
    /// The addresses as the file writes them, space-separated.
    public var framesText: String
    public var objects: Int
    public var bytes: Int
    public var allocObjects: Int?
    public var allocBytes: Int?
    public var objectsUnbiased: Double
    public var bytesUnbiased: Double
    /// The frames' `file:line` sites when the profile names them itself (tracemalloc), stored as their function
    /// and location; nil when the frames are addresses to symbolize.
    public var sites: [String]?

    public init(
        line: Int, frames: [Int64], framesText: String, objects: Int, bytes: Int, allocObjects: Int? = nil,
        allocBytes: Int? = nil, objectsUnbiased: Double, bytesUnbiased: Double
    ) {
        self.line = line
        self.frames = frames
        self.framesText = framesText
        self.objects = objects
        self.bytes = bytes
        self.allocObjects = allocObjects
        self.allocBytes = allocBytes
        self.objectsUnbiased = objectsUnbiased
        self.bytesUnbiased = bytesUnbiased
    }
}
