import Foundation
import Testing

/// Inputs and places that used to trap, bloat the report or print a bare SQLite error.
struct HardenedCommandTests {
    @Test func oneHugeURLDoesNotBecomeAHugeReport() throws {
        // Given per-request RSS lines, one of them with a 2 MB URL
        let cli = try CLI()
        defer { cli.cleanUp() }
        let huge = "https://app/" + String(repeating: "x", count: 2_000_000)
        var lines = ["# Logfile created on 2026-11-22 02:21:00 +0000 by logger.rb/v1.5.0"]
        for i in 0..<40 {
            let url = i == 7 ? huge : "https://app/reports/\(i)"
            lines.append(
                "I, [2026-11-22T02:21:\(String(format: "%02d", i)).000000 #100]  INFO -- : "
                    + "CONSUME MEMORY: 200KB\tNow: \(10_000 + i * 200) KB\t\(url)")
        }
        try cli.write("performance.log", lines.joined(separator: "\n") + "\n")
        #expect(try cli.run(["ingest", "performance.log"]).status == 0)
        // When the report is written
        let report = try cli.run(["report", "--out", "out"])
        #expect(report.status == 0, "\(report.stderr)")
        // Then it stays small and says where the rest of the value is
        let size = try FileManager.default.attributesOfItem(atPath: cli.path("out/report.md"))[.size] as? Int ?? 0
        #expect(size < 200_000)
        let html = try FileManager.default.attributesOfItem(atPath: cli.path("out/report.html"))[.size] as? Int ?? 0
        #expect(html < 400_000)
        let markdown = try String(contentsOfFile: cli.path("out/report.md"), encoding: .utf8)
        #expect(markdown.contains("more characters in the database"))
        // And the database keeps 64 KiB of the value, not 2 MB
        let stored = try cli.run(["query", "--format", "csv", "select max(length(url)) as n from request_memory"])
        #expect(stored.stdout == "n\n65536\n")
    }

    @Test func databaseInAMissingFolderIsNamedNotASQLiteError() throws {
        // Given a --db path whose folder does not exist
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("mem.csv", "ts,rss_kb\n2026-01-01T00:00:00Z,1000\n")
        // When ingesting into it
        let result = try cli.run(["ingest", "--db", "nowhere/incident.sqlite", "mem.csv"])
        // Then the message names the path and the fix, in memline's own style
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("memline: nowhere/incident.sqlite: the folder nowhere does not exist"))
        #expect(!result.stderr.contains("SQLite error"))
    }

    @Test func databaseInAMissingFolderIsNamedByCommandsThatRead() throws {
        // Given a --db path whose folder does not exist
        let cli = try CLI()
        defer { cli.cleanUp() }
        // When a report or a query is asked of it
        let report = try cli.run(["report", "--db", "nowhere/incident.sqlite"])
        let query = try cli.run(["query", "--db", "nowhere/incident.sqlite", "select 1"])
        // Then both name the path and how to make it, and no folder is created
        let missing =
            "nowhere/incident.sqlite: no such incident database; "
            + "create it with `memline ingest --db nowhere/incident.sqlite FILE…`"
        #expect(report.status == 64)
        #expect(report.stderr.hasPrefix("Error: \(missing)\n"), "\(report.stderr)")
        #expect(query.status == 1)
        #expect(query.stderr == "memline: \(missing)\n")
        #expect(!FileManager.default.fileExists(atPath: cli.path("nowhere")))
    }

    @Test func aHugeEpochInAPsCaptureIsASkippedLineNotACrash() throws {
        // Given a ps capture whose time line is a huge epoch, then a good stamp and snapshot
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write(
            "ps.txt",
            "99999999999999999999999\n  PID   RSS COMMAND\n    1  1000 ruby\n1795311506\n  PID   RSS COMMAND\n    1  1200 ruby\n"
        )
        // When ingested
        let result = try cli.run(["ingest", "--format", "ps", "ps.txt"])
        // Then it exits normally and the time line is a skipped line with its reason
        #expect(result.status == 0, "\(result.stderr)")
        let skipped = try cli.run(["query", "--format", "csv", "select line, reason from ingest_errors"])
        #expect(skipped.stdout.contains("1,time line: time '99999999999999999999999' is out of range"))
    }
}
