import Foundation

/// Decides how a file is read from its first bytes and lines, for `ingest` and `ingest --dry-run`.
public enum ArtifactProbe {
    /// The format `ingest` would read `path` as (`-` is standard input); nothing is stored.
    ///
    /// ```swift
    /// try ArtifactProbe.format(ofFile: "logs/pidstat.txt")  // "pidstat"
    /// ```
    /// - Parameters:
    ///   - path: a file, or `-` for standard input.
    ///   - wanted: the `--format` name, or nil to detect it.
    /// - Returns: the format's name, as `memline formats` lists it.
    /// - Throws: `IngestError` when the file is unreadable, empty, binary or of no known format.
    public static func format(ofFile path: String, wanted: String? = nil) throws -> String {
        switch try probe(ofFile: path, wanted: wanted) {
        case .binary(let binary): binary.name
        case .lines(_, let format): format.name
        }
    }

    /// The first lines of a file (plain or gzip) and the line format they are read as; nil for a binary format.
    static func headAndFormat(ofFile path: String, wanted: String? = nil) throws -> ([Line], ArtifactFormat)? {
        guard case .lines(let head, let format) = try probe(ofFile: path, wanted: wanted) else { return nil }
        return (head, format)
    }

    /// The rows the first lines of a file give, read by its format with `context` (the file's name as its source):
    /// what the incident's zone, day and process are told from. Nil for a binary format or a file that cannot be read.
    static func headRows(ofFile path: String, wanted: String? = nil, context: ParseContext? = nil) -> [ParsedRow]? {
        guard let (head, format) = try? headAndFormat(ofFile: path, wanted: wanted) else { return nil }
        var parser = format.makeParser(context ?? ParseContext(sourceName: (path as NSString).lastPathComponent))
        let sink = RowCollector()
        for line in head { try? parser.parse(line, into: sink) }
        try? parser.finish(into: sink)
        return sink.records
    }

    /// What the start of a file is read as.
    private enum Probe {
        case binary(BinaryFormat)
        case lines([Line], ArtifactFormat)
    }

    /// Sniffs `path` (`-`: standard input) for a binary format, else reads its head lines and their line format.
    private static func probe(ofFile path: String, wanted: String?) throws -> Probe {
        let raw: any ByteSource =
            path == "-" ? FileDescriptorSource(standardInput: ()) : try FileDescriptorSource(path: path)
        let name = path == "-" ? "stdin" : (path as NSString).lastPathComponent
        guard let inflated = try PrefixedSource.decompressing(raw, name: name) else {
            throw IngestError.empty(path: name)
        }
        let prefix = try sniffedPrefix(of: inflated)
        if let binary = binaryFormat(prefix: prefix[...], wanted: wanted) { return .binary(binary) }
        let reader = LineReader(source: PrefixedSource(prefix: prefix, base: inflated))
        let lines = try head(of: reader)
        return .lines(lines, try lineFormat(head: lines, name: name, wanted: wanted))
    }

    /// How many first lines decide a line format.
    static let headLines = 50

    /// The first 64 KiB of `source` (less when it ends sooner): where a binary format is sniffed. Replay them
    /// before the rest with `PrefixedSource`.
    static func sniffedPrefix(of source: any ByteSource) throws -> [UInt8] {
        var prefix = [UInt8](repeating: 0, count: 1 << 16)
        var got = 0
        while got < prefix.count {
            let n = try prefix.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[got...]))
            }
            if n == 0 { break }
            got += n
        }
        prefix.removeSubrange(got...)
        return prefix
    }

    /// The first `headLines` lines of `reader`: what decides a line format. The reader goes on after them.
    static func head(of reader: LineReader) throws -> [Line] {
        var head: [Line] = []
        while head.count < headLines, let line = try reader.next() { head.append(line) }
        return head
    }

    /// The framed binary format named by `wanted` or sniffed in `prefix`; a named line format is never sniffed.
    static func binaryFormat(prefix: ArraySlice<UInt8>, wanted: String?) -> BinaryFormat? {
        wanted.map { FormatRegistry.binaryNamed($0) } ?? FormatRegistry.binary.first { $0.sniff(prefix) }
    }

    /// The line format of a file whose first lines are `head`: the one named, or the best detected.
    /// - Throws: `IngestError.empty`, `.binary` (NUL bytes and no format), `.binaryInside` (NUL bytes in a file
    ///   that otherwise reads as a known format: damaged), `.unknownFormat`, `.unknownFormatName`.
    static func lineFormat(head: [Line], name: String, wanted: String?) throws -> ArtifactFormat {
        if head.isEmpty || (head.count == 1 && head[0].text.isEmpty) { throw IngestError.empty(path: name) }
        let damaged = head.first { $0.text.utf8.contains(0) }
        let text = head.filter { !$0.text.utf8.contains(0) }
        let format: ArtifactFormat?
        if let wanted {
            guard let named = FormatRegistry.named(wanted) else { throw IngestError.unknownFormatName(wanted) }
            format = named
        } else {
            // Mostly binary (an executable, a core file): no format, whatever its few text lines say.
            format = text.count * 2 > head.count ? FormatRegistry.detect(head: text.map(\.text)) : nil
        }
        if let damaged {
            guard let format else { throw IngestError.binary(path: name) }
            throw IngestError.binaryInside(path: name, format: format.name, line: damaged.number)
        }
        guard let format else {
            let first = head.first { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }?.text ?? ""
            throw IngestError.unknownFormat(path: name, firstLine: first)
        }
        return format
    }
}
