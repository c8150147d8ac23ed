import Foundation
import Testing

@testable import MemlineKit

/// The Markdown postmortem of a recorded incident, compared byte for byte with a checked-in snapshot.
/// Re-record with `MEMLINE_RECORD=1 swift test --filter GoldenReportTests` and review the diff.
struct GoldenReportTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")

    static func leakIncidentMarkdown() throws -> String {
        let db = try MemlineDatabase.inMemory()
        for name in ["pidstat.txt.gz", "performance.log.gz", "sidekiq.log.gz", "gc_stat.jsonl.gz"] {
            _ = try db.ingest(path: Fixtures.path("demo/\(name)"))
        }
        _ = try Analysis.run(on: db)
        var options = ReportOptions()
        options.generatedAt = "2026-11-22 00:00:00 UTC"
        let model = try ReportBuilder(database: db, options: options).build()
        return try ReportTemplates().render(model, template: "report.md")
    }

    @Test func leakIncidentMarkdownMatchesSnapshot() throws {
        let markdown = try Self.leakIncidentMarkdown()
        let file = Self.snapshots.appendingPathComponent("leakIncident.md")
        if ProcessInfo.processInfo.environment["MEMLINE_RECORD"] != nil
            || !FileManager.default.fileExists(atPath: file.path)
        {
            try Data(markdown.utf8).write(to: file)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        if markdown != expected {
            let actual = FileManager.default.temporaryDirectory.appendingPathComponent("leakIncident.actual.md")
            try Data(markdown.utf8).write(to: actual)
            let diff = Process()
            diff.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
            diff.arguments = ["-u", file.path, actual.path]
            let pipe = Pipe()
            diff.standardOutput = pipe
            try diff.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            diff.waitUntilExit()
            Issue.record("report differs from Snapshots/leakIncident.md:\n\(text.prefix(4000))")
        }
    }

    @Test func sameDatabaseGivesTheSameReport() throws {
        #expect(try Self.leakIncidentMarkdown() == Self.leakIncidentMarkdown())
    }

    @Test func recordedLeakNamesThePlantedEndpointFirst() throws {
        let markdown = try Self.leakIncidentMarkdown()
        // Hedged: per-request RSS deltas of a garbage-collected runtime, and no heap snapshot to corroborate them.
        #expect(markdown.contains("**Top suspect:** /reports/:id (endpoint, hedged)"))
        // The red herring (big transient allocations) is not the top suspect.
        #expect(!markdown.contains("**Top suspect:** /exports"))
    }
}
