import Foundation
import Testing

/// Text from artifacts is untrusted: lines holding HTML, Markdown links, pipes and Mermaid syntax go through
/// ingest and come out of the report literal, and query strings stay out unless asked for.
struct HostileInputReportTests {
    @Test func hostileLogLinesStayLiteralInTheReports() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // Given a per-request RSS log whose URLs and a Rails log whose messages carry markup
        let logger = "I, [2026-11-22T01:00:0%d.000000 #7551]  INFO -- : "
        var lines: [String] = []
        for i in 0..<6 {
            lines.append(
                String(format: logger, i) + "CONSUME MEMORY: \(1000 * (i + 1))KB\tNow: \(200_000 + 1000 * i) KB\t"
                    + "https://app.example.com/r/\(i)?token=SECRET<script>alert(1)</script>|[x](http://evil.example)")
        }
        try cli.write("performance.log", lines.joined(separator: "\n") + "\n")
        try cli.write(
            "production.log",
            """
            I, [2026-11-22T01:00:01.000000 #7551]  INFO -- : Started GET "/r/1?token=SECRET" for 127.0.0.1 at 2026-11-22 01:00:01 +0000
            I, [2026-11-22T01:00:01.000100 #7551]  INFO -- : Processing by ReportsController#show as HTML
            F, [2026-11-22T01:00:01.000200 #7551] FATAL -- : Errno::ENOMEM (Cannot allocate memory - <img src=x onerror=alert(1)> | ] : ```)
            I, [2026-11-22T01:00:01.000300 #7551]  INFO -- : Completed 500 Internal Server Error in 12ms (Views: 0.0ms | ActiveRecord: 0.0ms)

            """)
        let ingest = try cli.run(["ingest", "performance.log", "production.log"])
        #expect(ingest.status == 0, "\(ingest.stderr)")

        // When the report is written
        let report = try cli.run(["report", "--out", "out"])
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = try String(contentsOfFile: cli.path("out/report.md"), encoding: .utf8)
        let html = try String(contentsOfFile: cli.path("out/report.html"), encoding: .utf8)

        // Then no markup from the logs is live in either, and the secret is left out
        for text in [markdown, html] {
            #expect(!text.contains("<script>"))
            #expect(!text.contains("<img"))
            #expect(!text.contains("SECRET"))
        }
        #expect(!markdown.contains("[x](http"))
        // Every Markdown table row still has as many cells as its header
        for block in markdown.components(separatedBy: "\n\n") where block.hasPrefix("|") {
            let rows = block.split(separator: "\n").filter { $0.hasPrefix("|") }
            let cells = Set(rows.map { $0.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count })
            #expect(cells.count == 1, "ragged table:\n\(block)")
        }
        // And the Mermaid block holds no fence or HTML from the logs
        if let start = markdown.range(of: "```mermaid\n") {
            let rest = markdown[start.upperBound...]
            let block = rest[..<(rest.range(of: "\n```")?.lowerBound ?? rest.endIndex)]
            #expect(!block.contains("```"))
            #expect(!block.contains("<"))
        }
    }
}
