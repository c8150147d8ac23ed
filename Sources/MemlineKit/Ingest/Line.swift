/// One line of an artifact: its 1-based number in the file and its text.
///
/// The text has no line terminator (`\n` or `\r\n`) and, on line 1, no UTF-8 byte-order mark.
/// Invalid UTF-8 is replaced with U+FFFD rather than dropping the line.
public struct Line: Sendable, Hashable {
    public var number: Int
    public var text: String

    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}

extension Line {
    /// Numbers the lines of `text` from 1, for tests and small inputs.
    public static func lines(of text: String) -> [Line] {
        var result: [Line] = []
        let reader = LineReader(source: BytesSource(text))
        while let line = try? reader.next() { result.append(line) }
        return result
    }
}
