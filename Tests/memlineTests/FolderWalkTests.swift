import Foundation
import Testing

/// Folders that hold nothing, or links that lead in circles, are named for what they are.
struct FolderWalkTests {
    @Test func emptyFolderSaysItHoldsNothingToIngest() throws {
        // Given an empty folder
        let cli = try CLI()
        defer { cli.cleanUp() }
        try FileManager.default.createDirectory(atPath: cli.path("logs"), withIntermediateDirectories: true)
        // When it is ingested
        let result = try cli.run(["ingest", "logs"])
        // Then memline says there was nothing to ingest, and fails
        #expect(result.status == 1)
        #expect(result.stderr.contains("logs: the folder holds nothing to ingest"))
    }

    @Test func symbolicLinkLoopsAreNamedAsLoops() throws {
        // Given a folder with a log, two links pointing at each other, and a link back to the folder itself
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("logs/mem.csv", "ts,rss_kb\n2026-01-01T00:00:00Z,1000\n")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: cli.path("logs/a"), withDestinationPath: "b")
        try fm.createSymbolicLink(atPath: cli.path("logs/b"), withDestinationPath: "a")
        try fm.createSymbolicLink(atPath: cli.path("logs/back"), withDestinationPath: "..")
        // When the folder is ingested
        let result = try cli.run(["ingest", "logs"])
        // Then the log lands and every loop is named on the closing line, without failing the run
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("logs/a (symbolic link loop)"))
        #expect(result.stderr.contains("logs/b (symbolic link loop)"))
        #expect(result.stderr.contains("logs/back (symbolic link loop: leads back to"))
        // And a loop named on the command line is an error that says so
        let named = try cli.run(["ingest", "logs/a"])
        #expect(named.status == 1)
        #expect(named.stderr.contains("symbolic link loop"))
    }
}
