import Foundation
import GRDB

/// Reads one artifact with the Ingest layer and hands its records to the Store, in one transaction per artifact.
///
/// The stages, in order:
/// 1. the bytes: hashed as they are read (`HashingSource`), inflated when they are gzip, read ahead on a second
///    thread (`ReadAheadSource`), stopped by a signal (`InterruptibleSource`);
/// 2. the format: a framed binary format sniffed in the first 64 KiB, else the line format of the first lines
///    (`ArtifactProbe`, shared with `ingest --dry-run`);
/// 3. the parser of that format, fed every line (or the binary reader, the whole stream);
/// 4. the store's transaction (`MemlineDatabase.storeArtifact`), in which `--clock-offset` moves the new rows'
///    times before they are folded.
struct IngestPipeline {
    let database: MemlineDatabase
    let options: IngestOptions

    /// Ingests the file at `path` (plain or gzip), or standard input for `-`.
    func run(path: String) throws -> IngestSummary {
        let raw: any ByteSource
        var modified: Timestamp?
        var size: Int64?
        if path == "-" {
            raw = FileDescriptorSource(standardInput: ())
        } else {
            raw = try FileDescriptorSource(path: path)
            if let attributes = try? FileManager.default.attributesOfItem(atPath: path) {
                modified = (attributes[.modificationDate] as? Date).map(Timestamp.init(date:))
                size = (attributes[.size] as? NSNumber)?.int64Value
            }
        }
        let name = path == "-" ? "stdin" : (path as NSString).lastPathComponent
        return try run(source: raw, path: path, name: name, modified: modified, size: size)
    }

    /// Ingests the bytes of `raw`; `path` and `name` are what the artifact row records.
    func run(source raw: any ByteSource, path: String, name: String, modified: Timestamp?, size: Int64?) throws
        -> IngestSummary
    {
        let hashing = HashingSource(raw)
        guard let inflated = try PrefixedSource.decompressing(hashing, name: name) else {
            throw IngestError.empty(path: name)
        }
        // What the load writes follows the text, not the file: a gzipped log holds several times its size.
        let textBytes = inflated is GzipSource ? size.map { $0 * BulkLoadJournal.gzipRatio } : size
        var context = ParseContext(
            sourceName: name, host: options.host, zone: options.zone, modified: modified, at: options.at,
            label: options.label)
        context.keepMessages = options.keepMessages
        context.day = options.day
        context.pid = options.pid
        // Decompression and hashing run on a second thread, a few megabytes ahead of the parser.
        let readAhead = ReadAheadSource(inflated)
        // A signal stops the reading at the next chunk; the error rolls the file's transaction back.
        let ahead: any ByteSource =
            options.stop.map { InterruptibleSource(readAhead, stop: $0, name: name) } ?? readAhead

        // Binary formats are framed, not lined: sniff the first bytes before reading any line.
        let prefix = try ArtifactProbe.sniffedPrefix(of: ahead)
        let source = PrefixedSource(prefix: prefix, base: ahead)
        let wanted = options.format.flatMap { $0 == "auto" ? nil : $0 }
        if let binary = ArtifactProbe.binaryFormat(prefix: prefix[...], wanted: wanted) {
            return try store(path: path, name: name, format: binary.name, hashing: hashing, size: textBytes) { sink in
                try binary.read(context, source, sink)
            }
        }
        let reader = LineReader(source: source)
        // Sniff: the first lines decide the format and reveal binary input.
        let head = try ArtifactProbe.head(of: reader)
        let format = try ArtifactProbe.lineFormat(head: head, name: name, wanted: wanted)
        var parser = format.makeParser(context)
        var summary = try store(path: path, name: name, format: format.name, hashing: hashing, size: textBytes) {
            sink in
            try feed(&parser, head: head, rest: reader, into: sink, progress: (name, hashing, size))
        }
        if let warning = Self.noRowsWarning(summary, head: head, name: name, format: format.name) {
            summary.warnings.append(warning)
        }
        return summary
    }

    /// Parses the head lines, then every other line as bytes, then finishes; lines cut for their length are skips.
    /// - Returns: the number of the last line read.
    private func feed(
        _ parser: inout any LineParser, head: [Line], rest reader: LineReader, into sink: any RowSink,
        progress: (name: String, hashing: HashingSource, size: Int64?)
    ) throws -> Int {
        var lines = 0
        for line in head {
            try parser.parse(line, into: sink)
            lines = line.number
        }
        try reader.forEachLine { bytes, number in
            try parser.parse(bytes: bytes, number: number, into: sink)
            lines = number
            if lines & 0xFFFF == 0, let report = options.progress {
                report(
                    IngestProgress(
                        name: progress.name, lines: lines, bytesRead: progress.hashing.byteCount,
                        totalBytes: progress.size))
            }
        }
        try parser.finish(into: sink)
        for cut in reader.cutLines {
            try sink.skip(line: cut, reason: "line longer than \(reader.maxLineBytes) bytes; skipped whole", text: "")
        }
        return lines
    }

    /// The store's transaction for one artifact, with `--clock-offset` applied to its rows and its time span.
    private func store(
        path: String, name: String, format: String, hashing: HashingSource, size: Int64?,
        feed: (any RowSink) throws -> Int
    ) throws -> IngestSummary {
        let offset = options.clockOffset
        var summary = try database.storeArtifact(
            path: path, name: name, format: format, options: options, feed: feed,
            digest: { (hashing.finalizeHex(), hashing.byteCount) },
            adjust: { db, artifactID in
                guard let offset else { return }
                try ClockShift.shift(db, artifactID: artifactID, by: offset, source: "ingest")
            }, size: size)
        let offsetMS = offset?.milliseconds ?? 0
        summary.firstTS = summary.firstTS?.adding(milliseconds: offsetMS)
        summary.lastTS = summary.lastTS?.adding(milliseconds: offsetMS)
        return summary
    }

    /// Lines but not one row and not one skip: a warning that says so, with a line to look at, instead of a quiet
    /// "no rows".
    private static func noRowsWarning(_ summary: IngestSummary, head: [Line], name: String, format: String) -> String? {
        if case .alreadyIngested = summary.outcome { return nil }
        guard summary.rows == 0, summary.skipped == 0, summary.folded.isEmpty,
            let sample = head.first(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty })
        else { return nil }
        return "\(name):\(sample.number): warning: \(IngestSummary.grouped(summary.lines)) lines read as "
            + "\(format) but no rows came out of them; a sample line: \"\(sample.text.prefix(160))\""
    }
}
