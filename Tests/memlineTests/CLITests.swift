import Foundation
import Testing

struct CLITests {
    @Test func queryPrintsEachFormatAndRefusesWrites() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // Given a database with one annotation
        let annotate = try cli.run(["annotate", "--at", "2026-11-21T10:22:00Z", "--kind", "restart", "restarted web"])
        #expect(annotate.status == 0, "\(annotate.stderr)")
        // When it is queried as CSV, Then the row prints with a header
        let csv = try cli.run(["query", "--format", "csv", "select kind, message from events"])
        #expect(csv.stdout == "kind,message\nrestart,restarted web\n")
        // And a write is refused with a clear message and a non-zero status
        let write = try cli.run(["query", "delete from events"])
        #expect(write.status != 0)
        #expect(write.stderr.contains("read-only"))
        // And bad SQL prints SQLite's message
        let bad = try cli.run(["query", "selec 1"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("syntax error"))
    }

    @Test func databaseComesFromEnvironmentWhenNoFlag() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run(
            ["annotate", "--at", "2026-11-21T10:22:00Z", "note one"], environment: ["MEMLINE_DB": "env.sqlite"])
        #expect(FileManager.default.fileExists(atPath: cli.path("env.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: cli.path("incident.sqlite")))
    }

    @Test func ingestOfUnknownFormatFailsAndLeavesDatabaseUnchanged() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("mystery.txt", "this is not a log format memline knows\nsecond line\n")
        try cli.write("empty.log", "")
        let result = try cli.run(["ingest", "mystery.txt", "empty.log", "missing.log"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("mystery.txt:1: unknown format"))
        #expect(result.stderr.contains("empty.log: the file is empty"))
        #expect(result.stderr.contains("missing.log: cannot read: no such file or directory"))
        let count = try cli.run(["query", "--format", "csv", "select count(*) as n from artifacts"])
        #expect(count.stdout == "n\n0\n")
    }

    @Test func reportOnEmptyDatabaseExplainsWhatToDo() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let missing = try cli.run(["report"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no such incident database"))
    }
}
