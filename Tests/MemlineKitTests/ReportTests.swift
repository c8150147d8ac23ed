import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct ReportTests {
    /// A small incident written straight into the tables: two processes, a deploy, hostile text.
    static func incident() throws -> MemlineDatabase {
        let db = try MemlineDatabase.inMemory()
        try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO artifacts (id, path, name, sha256, format, ingested_at, first_ts, last_ts)
                    VALUES (1, 'p', 'pidstat.txt', 'aa', 'pidstat', 'now', '2026-11-22T01:00:00.000Z', '2026-11-22T01:59:00.000Z'),
                           (2, 'r', 'performance.log', 'bb', 'request-rss', 'now', '2026-11-22T01:00:00.000Z', '2026-11-22T01:59:00.000Z')
                    """)
            for i in 0..<60 {
                let ts = Timestamp(milliseconds: 1_795_309_200_000 + Int64(i) * 60_000).iso8601
                try db.execute(
                    sql:
                        "INSERT INTO rss_samples (artifact_id, line, ts, pid, process, rss_kb) VALUES (1, ?, ?, 7551, 'ruby', ?)",
                    arguments: [i + 4, ts, 200_000 + i * 5_000])
                try db.execute(
                    sql:
                        "INSERT INTO rss_samples (artifact_id, line, ts, pid, process, rss_kb) VALUES (1, ?, ?, 7552, 'ruby', ?)",
                    arguments: [i + 5, ts, 210_000 + (i % 10) * 1_000])
                try db.execute(
                    sql: """
                        INSERT INTO request_memory (artifact_id, line, ts, pid, url, path, endpoint, delta_kb, rss_kb)
                        VALUES (2, ?, ?, 7551, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        i + 1, ts, "https://app/reports/\(i)?token=SECRET<script>|", "/reports/\(i)",
                        "/reports/:id|[x](y)",
                        5_000, 200_000 + i * 5_000,
                    ])
            }
        }
        try db.annotate(
            at: Timestamp(milliseconds: 1_795_309_200_000 + 900_000), kind: "note",
            message: "slow export GET /exports/7.csv?token=SECRET&user=a@example.com seen in the access log")
        try db.annotate(
            at: Timestamp(milliseconds: 1_795_309_200_000 + 600_000), kind: "deploy",
            message: "deploy v187 <script>alert(1)</script> | [click](http://evil.example)")
        return db
    }

    static func options() -> ReportOptions {
        var options = ReportOptions()
        options.generatedAt = "2026-11-22 03:00:00 UTC"
        return options
    }

    @Test func markdownKeepsHostileTextLiteral() throws {
        let model = try ReportBuilder(database: try Self.incident(), options: Self.options()).build()
        let markdown = try ReportTemplates().render(model, template: "report.md")
        // No raw HTML, no link syntax, no extra table cell from text that came from artifacts.
        #expect(!markdown.contains("<script>"))
        #expect(!markdown.contains("[click](http"))
        #expect(markdown.contains("deploy v187 &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\[click\\]"))
        // Every table row has as many cells as its header.
        for table in markdown.components(separatedBy: "\n\n") where table.hasPrefix("|") {
            let rows = table.split(separator: "\n").filter { $0.hasPrefix("|") }
            let counts = Set(
                rows.map { row in
                    row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
                })
            #expect(counts.count == 1, "ragged table:\n\(table)")
        }
        // The secret query string is left out unless asked for, and the path stays.
        #expect(!markdown.contains("SECRET"))
        #expect(markdown.contains("/exports/7.csv?…"))
    }

    @Test func htmlEscapesHostileTextAndIsSelfContained() throws {
        let model = try ReportBuilder(database: try Self.incident(), options: Self.options()).build()
        let html = try ReportTemplates().render(model, template: "report.html")
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("http://evil.example\">"))
        #expect(!html.contains("src=\"http"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test func includeValuesShowsQueryStrings() throws {
        var options = Self.options()
        options.includeValues = true
        let model = try ReportBuilder(database: try Self.incident(), options: options).build()
        let markdown = try ReportTemplates().render(model, template: "report.md")
        #expect(markdown.contains("token=SECRET"))
    }

    @Test func omitsSectionsWithoutData() throws {
        // Given only an annotation
        let db = try MemlineDatabase.inMemory()
        try db.annotate(at: Timestamp(milliseconds: 1_795_309_200_000), kind: "note", message: "started looking")
        let model = try ReportBuilder(database: db, options: Self.options()).build()
        let markdown = try ReportTemplates().render(model, template: "report.md")
        #expect(markdown.contains("## Timeline"))
        #expect(!markdown.contains("## Memory"))
        #expect(!markdown.contains("## Suspects"))
    }

    @Test func summaryNamesTheFixWhenAnnotated() throws {
        let db = try Self.incident()
        try db.annotate(
            at: Timestamp(milliseconds: 1_795_312_800_000), kind: "fix", message: "GC re-enabled in after_fork")
        let model = try ReportBuilder(database: db, options: Self.options()).build()
        #expect(model.summary.contains("Fix (2026-11-22 02:00:00 UTC): GC re-enabled in after_fork [annotation:1]"))
    }

    @Test func emptyDatabaseIsAnErrorThatSaysWhatToDo() throws {
        let db = try MemlineDatabase.inMemory()
        #expect(throws: ReportError.emptyDatabase(path: ":memory:")) {
            _ = try ReportBuilder(database: db, options: Self.options()).build()
        }
    }

    @Test func templateDirectoryOverridesByName() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("custom {{title}} with {{#artifacts}}[{{name}}]{{/artifacts}}".utf8)
            .write(to: dir.appendingPathComponent("report.md.mustache"))
        let templates = try ReportTemplates(overrides: dir.path)
        let model = try ReportBuilder(database: try Self.incident(), options: Self.options()).build()
        #expect(
            try templates.render(model, template: "report.md")
                == "custom Memory incident report with [pidstat.txt][performance.log][annotation][annotation]")
        // The HTML template stays the built-in one.
        #expect(try templates.render(model, template: "report.html").hasPrefix("<!DOCTYPE html>"))
    }

    @Test func templateSyntaxErrorNamesLineAndColumn() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("line one\n{{#summary}}\nunclosed".utf8).write(to: dir.appendingPathComponent("report.md.mustache"))
        do {
            _ = try ReportTemplates(overrides: dir.path)
            Issue.record("a broken template was accepted")
        } catch let error as ReportError {
            let text = error.localizedDescription
            #expect(text.contains("template report.md: line"), "\(text)")
        }
    }

    @Test func writesMarkdownWithChartBesideItAndHTML() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try ReportPipeline.run(
            database: try Self.incident(), options: Self.options(), templates: nil, out: dir.path, format: .both)
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["report.md", "memory.svg", "report.html"])
        let markdown = try String(contentsOfFile: paths[0], encoding: .utf8)
        #expect(markdown.contains("![Memory over time](memory.svg)"))
        #expect(markdown.contains("```mermaid\ntimeline\n"))
    }
}

struct ReportAnalysisTests {
    @Test func timelineShowsWhereLeaksBeganAndWhenTheyWouldReachTheLimit() throws {
        // Given the leak recording analysed with a 256 MB limit per process
        let db = try IncidentFixture.database("leak")
        var thresholds = AnalysisThresholds()
        thresholds.limitKB = 256 * 1024
        _ = try Analysis.run(on: db, thresholds: thresholds)
        // When the report is built
        let model = try ReportBuilder(database: db, options: ReportTests.options()).build()
        // Then each leaking worker has a line where its leak began and one where it would reach the limit
        let begins = model.timeline.filter { $0.kind == "leak" }
        #expect(begins.count == 4)
        #expect(begins.allSatisfy { $0.text.contains("leak begins") && $0.source.hasPrefix("performance.log.gz:") })
        let projections = model.timeline.filter { $0.kind == "projection" }
        #expect(projections.count == 4)
        #expect(projections.allSatisfy { $0.text.contains("256.0 MB limit") })
    }

    @Test func reportReanalysesOnlyWhenTheDataChanged() throws {
        // Given an analysed incident
        let db = try ReportTests.incident()
        #expect(try db.analysisIsStale())
        _ = try Analysis.run(on: db)
        #expect(try !db.analysisIsStale())
        // When another file lands, Then the analysis is stale again
        try db.annotate(at: Timestamp(milliseconds: 1_795_309_300_000), kind: "note", message: "later")
        #expect(try db.analysisIsStale())
        // And the report pipeline brings it up to date
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try ReportPipeline.run(database: db, options: ReportOptions(), templates: nil, out: dir.path, format: .md)
        #expect(try !db.analysisIsStale())
    }
}
