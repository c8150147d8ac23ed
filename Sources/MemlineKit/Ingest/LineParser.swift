import Foundation

/// Reads one artifact format, a line at a time.
///
/// A parser is created per artifact and fed every line in order, as the line's bytes: the ingest reads a file
/// without making a `String` of each line. A parser may hold state across lines (a Rails request spans several)
/// and flush what is left in `finish`. Parsers that want a line's text conform through `TextLineParser`.
public protocol LineParser {
    /// Parses one line given as its bytes, valid only during the call (see `LineReader.forEachLine`).
    mutating func parse(bytes: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws
    /// Called once after the last line: emit what is still open (a request without `Completed`).
    mutating func finish(into sink: any RowSink) throws
}

extension LineParser {
    public mutating func finish(into sink: any RowSink) throws {}

    /// Parses one decoded line (the lines that decided the format, or a test's), as its UTF-8 bytes.
    public mutating func parse(_ line: Line, into sink: any RowSink) throws {
        var text = line.text
        try text.withUTF8 { u in try parse(bytes: u, number: line.number, into: sink) }
    }

    /// Parses every line of `lines` and finishes, for tests and small inputs.
    public mutating func parseAll(_ lines: some Sequence<Line>, into sink: any RowSink) throws {
        for line in lines { try parse(line, into: sink) }
        try finish(into: sink)
    }
}

/// A `LineParser` that reads each line as text: the formats whose lines are small and few (notes, GC.stat,
/// profiles), where a `String` costs nothing worth measuring and makes the parser simpler.
protocol TextLineParser: LineParser {
    mutating func parse(_ line: Line, into sink: any RowSink) throws
}

extension TextLineParser {
    mutating func parse(bytes: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        try parse(Line(number: number, text: String(decoding: bytes, as: UTF8.self)), into: sink)
    }
}

/// What a parser knows about the artifact besides its lines.
public struct ParseContext: Sendable {
    /// The file name shown in messages (`production.log`).
    public var sourceName: String
    /// `--host`, when given: wins over any host the file names.
    public var host: String?
    /// How to read wall-clock times that carry no offset (`--tz`, default UTC).
    public var zone: ZoneRule
    /// The file's modification time, for formats that print no date at all.
    public var modified: Timestamp?
    /// `--at`: when a snapshot-like artifact (a heap dump) was taken; wins over the file name and mtime.
    public var at: Timestamp?
    /// `--label`: the name a snapshot-like artifact is referred to by (`memline heap diff before after`).
    public var label: String?
    /// `--messages`: formats whose lines are mostly chatter (Erlang/Elixir logger) store every entry as an event.
    public var keepMessages = false
    /// The incident's day (days since 1970-01-01), from the other files of the ingest (`IncidentDay`): a stamp such
    /// as `07/12/2026` is read as the date nearer to it.
    public var day: Int?
    /// The process a capture that names none belongs to: the one the other files of the ingest name
    /// (`IncidentProcess`).
    public var pid: Int?

    public init(
        sourceName: String, host: String? = nil, zone: ZoneRule = .utc, modified: Timestamp? = nil,
        at: Timestamp? = nil, label: String? = nil
    ) {
        self.sourceName = sourceName
        self.host = host
        self.zone = zone
        self.modified = modified
        self.at = at
        self.label = label
    }
}

extension ParseContext {
    /// The year of times that print none (syslog, `journalctl` short): the file's modification year, else this year.
    var referenceYear: Int {
        Timestamp.civilFromDays(Int((modified ?? Timestamp(date: Date())).milliseconds / 86_400_000)).year
    }
}
