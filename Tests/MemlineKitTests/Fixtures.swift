import Foundation

@testable import MemlineKit

/// Test fixtures copied from `../shared/samples` (see Fixtures/README.md for where each came from).
enum Fixtures {
    /// The absolute path of `Fixtures/<relative>`.
    /// A file of a recorded incident (`Fixtures/incidents/record.sh`): its `leak` scenario is the demo incident.
    static func incident(_ scenario: String, _ file: String) -> String {
        scenario == "leak" ? "demo/\(file)" : "incidents/\(scenario)/\(file)"
    }

    /// `demo/NAME` is a file of the demo incident, which lives with the code that embeds it
    /// (`Sources/MemlineKit/Demo/Incident`).
    static func path(_ relative: String) -> String {
        if relative.hasPrefix("demo/") {
            return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Sources/MemlineKit/Demo/Incident")
                .appendingPathComponent(String(relative.dropFirst("demo/".count))).path
        }
        guard let base = Bundle.module.resourceURL else { fatalError("test bundle has no resources") }
        return base.appendingPathComponent("Fixtures").appendingPathComponent(relative).path
    }

    /// The numbered lines of a fixture, read through memline's own reader (gzip handled).
    static func lines(_ relative: String) throws -> [Line] {
        guard let source = try PrefixedSource.decompressing(FileDescriptorSource(path: path(relative)), name: relative)
        else { return [] }
        let reader = LineReader(source: source)
        var lines: [Line] = []
        while let line = try reader.next() { lines.append(line) }
        return lines
    }

    /// Parses a fixture with `format`, collecting rows in memory.
    static func parse(_ relative: String, as format: ArtifactFormat, context: ParseContext? = nil) throws
        -> RowCollector
    {
        let sink = RowCollector()
        var parser = format.makeParser(context ?? ParseContext(sourceName: (relative as NSString).lastPathComponent))
        try parser.parseAll(try lines(relative), into: sink)
        return sink
    }

    /// Ingests `lines` as one file named `name` (in a scratch directory, removed afterwards) into `db`.
    static func ingest(_ lines: [String], named name: String, into db: MemlineDatabase) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        _ = try db.ingest(path: file.path)
    }

    /// A scratch directory removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("memline-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
