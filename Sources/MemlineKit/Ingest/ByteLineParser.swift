/// A `LineParser` that reads each line's bytes: the ingest hands it bytes without making a `String`, and a
/// `Line` (from a test, or the lines that decided the format) is read as its UTF-8 bytes.
protocol ByteLineParser: LineParser {
    mutating func parse(bytes: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws
}

extension ByteLineParser {
    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        var text = line.text
        try text.withUTF8 { u in try parse(bytes: u, number: line.number, into: sink) }
    }
}
