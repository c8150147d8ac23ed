import Foundation
import MemlineKit
import Testing

/// What a new user meets first: the version, the demo's next steps, and missing data told apart from usage errors.
struct FirstStepsTests {
    @Test func versionPrintsTheReleasedVersion() throws {
        // Given the built binary
        let cli = try CLI()
        defer { cli.cleanUp() }
        // When asked for its version
        let result = try cli.run(["--version"])
        // Then it prints the version alone and exits 0
        #expect(result.status == 0)
        #expect(result.stdout == "\(MemlineVersion.current)\n")
    }

    @Test func demoPrintsAnExportThatTheNextCommandsUse() throws {
        // Given the demo run in an empty directory
        let cli = try CLI()
        defer { cli.cleanUp() }
        let demo = try cli.run(["demo", "--out", "out"])
        #expect(demo.status == 0, "\(demo.stderr)")
        // When the export line it prints is followed, as a shell would
        let export = try #require(demo.stdout.split(separator: "\n").first { $0.contains("export MEMLINE_DB=") })
        let value = try #require(export.split(separator: "=").dropFirst().first?.split(separator: " ").first)
        let suspects = try cli.run(["suspects"], environment: ["MEMLINE_DB": String(value)])
        // Then the next command reads the demo's database
        #expect(suspects.status == 0, "\(suspects.stderr)")
        #expect(suspects.stdout.contains("/reports/:id"))
        // And the hints name the binary the way it was run (here by its path in the build folder)
        #expect(demo.stdout.contains("swift run memline suspects"))
    }

    @Test(arguments: [
        ("memline", "memline"),
        ("/usr/local/bin/memline", "/usr/local/bin/memline"),
        ("./memline", "./memline"),
        ("/home/a/src/memline/.build/debug/memline", "swift run memline"),
        (".build/release/memline", ".build/release/memline"),
        ("/home/a/My Tools/memline", "'/home/a/My Tools/memline'"),
    ])
    func nextHintsUseTheWayMemlineWasRun(argument0: String, command: String) {
        // Given the program's first argument, When read as an invocation, Then the hint is pasteable as typed
        #expect(Invocation(argument0: argument0).command == command)
    }

    @Test(arguments: [
        ["heap", "diff", "before", "after"],
        ["heap", "trend"],
        ["processes"],
        ["profile", "trend"],
        ["profile", "top", "1"],
        ["suspects"],
    ])
    func missingDataIsARuntimeFailureNotAUsageError(arguments: [String]) throws {
        // Given a database with one ingested artifact and nothing of the kind asked for
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("mem.csv", "ts,rss_kb\n2026-01-01T00:00:00Z,1000\n2026-01-01T00:01:00Z,2000\n")
        #expect(try cli.run(["ingest", "mem.csv"]).status == 0)
        // When the command runs
        let result = try cli.run(arguments)
        // Then it says what is missing and exits 1, without a usage banner
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("memline: "))
        #expect(!result.stderr.contains("Usage:"))
    }
}
