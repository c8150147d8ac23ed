/// One line as its bytes and number, valid only during the call that was given it (`LineReader.forEachLine`).
///
/// The hot path's `Line`: parsers of large artifacts read the bytes and decode text only when they need it
/// (a skip's message, a name they keep), so a line costs no `String` allocation.
public struct LineBytes {
    /// The 1-based line number in the file.
    public let number: Int
    /// The line without terminator (see `Line`).
    public let bytes: UnsafeBufferPointer<UInt8>

    public init(number: Int, bytes: UnsafeBufferPointer<UInt8>) {
        self.number = number
        self.bytes = bytes
    }

    /// The text, decoded lossily: for messages and the few lines a parser keeps.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// As a `Line`, for code that takes one.
    public var line: Line { Line(number: number, text: text) }
}
