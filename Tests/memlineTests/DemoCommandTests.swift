import Foundation
import Testing

struct DemoCommandTests {
    @Test func demoRunsTheWholePipelineFromAnyDirectory() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // When the demo runs in an empty directory (no source tree around it)
        let result = try cli.run(["demo", "--out", "out"])
        // Then it ingests, analyses, reports, and says where the report is
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Report:   out/report/report.md"))
        #expect(result.stderr.contains("performance.log.gz: 3,042 lines"))
        let markdown = try String(contentsOfFile: cli.path("out/report/report.md"), encoding: .utf8)
        #expect(markdown.contains("**Top suspect:** /reports/:id"))
        #expect(FileManager.default.fileExists(atPath: cli.path("out/report/report.html")))
        #expect(FileManager.default.fileExists(atPath: cli.path("out/report/memory.svg")))
        // And the database it leaves answers SQL
        let suspects = try cli.run([
            "query", "--db", "out/incident.sqlite", "--format", "csv", "select name from suspects where id = 1",
        ])
        #expect(suspects.stdout == "name\n/reports/:id\n")
    }

    @Test func helpListsEveryCommandWithExamples() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let help = try cli.run(["--help"])
        for command in [
            "ingest", "query", "schema", "formats", "artifacts", "annotate", "events", "analyze", "suspects",
            "explain", "trends", "spikes", "heap", "gc", "report", "export", "demo",
        ] {
            #expect(help.stdout.contains("  \(command)"), "missing \(command) in --help")
        }
        let ingest = try cli.run(["ingest", "--help"])
        #expect(ingest.stdout.contains("Examples:"))
    }
}
