import Foundation
import Testing

/// `memline ingest --binary PATH` and a program found beside the profiles: jemalloc heap profiles that name a
/// binary path which does not exist here are symbolized at ingest, matched by file name.
struct IngestBinaryCommandTests {
    /// A copy of the recorded jemalloc incident (64 interval dumps and pidstat), profiles only.
    static func incident(in cli: CLI, withBinary: Bool) throws -> URL {
        let folder = cli.directory.appendingPathComponent("incident")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = IngestCommandTests.fixture("verdicts/jemalloc-native")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path)
        where name.hasSuffix(".heap") || name == "pidstat.txt" {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        if withBinary {
            let bin = folder.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: IngestCommandTests.fixture("verdicts/recorders/jemalloc/pagesrv"),
                to: bin.appendingPathComponent("pagesrv"))
        }
        return folder
    }

    static var hasSymbolizer: Bool {
        ["/usr/bin/addr2line", "/usr/bin/llvm-symbolizer"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: hasSymbolizer))
    func binaryOptionNamesTheLeakingFunction() throws {
        // Given the profiles, whose mapped binary path does not exist here, and the program elsewhere
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try Self.incident(in: cli, withBinary: false)
        let program = IngestCommandTests.fixture("verdicts/recorders/jemalloc/pagesrv").path
        // When ingested with --binary and analysed
        let ingest = try cli.run(["ingest", "--db", "i.sqlite", "--binary", program, "incident"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("pagesrv: 64 profile(s)"))
        #expect(try cli.run(["analyze", "--db", "i.sqlite"]).status == 0)
        // Then the leaking function is named, not its address
        let suspects = try cli.run(["suspects", "--db", "i.sqlite", "--format", "csv"])
        #expect(suspects.stdout.split(separator: "\n").dropFirst().first?.contains("function,cache_insert") == true)
    }

    @Test(.enabled(if: hasSymbolizer))
    func programFoundBesideTheProfilesIsUsedToo() throws {
        // Given the profiles with the program in the folder's bin/
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try Self.incident(in: cli, withBinary: true)
        // When the folder is ingested
        let ingest = try cli.run(["ingest", "--db", "i.sqlite", "incident"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        // Then the profiles' frames are named with it
        #expect(ingest.stderr.contains("pagesrv: 64 profile(s)"))
        let named = try cli.run([
            "query", "--db", "i.sqlite", "--format", "csv",
            "SELECT count(*) FROM profile_frames WHERE function = 'cache_insert'",
        ])
        #expect(named.stdout.split(separator: "\n").last.flatMap { Int($0) } ?? 0 > 0)
    }

    @Test func binaryMatchingNoProfileFailsTheRun() throws {
        // Given profiles of pagesrv and a --binary of another name
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try Self.incident(in: cli, withBinary: false)
        let other = cli.directory.appendingPathComponent("other-server")
        try FileManager.default.copyItem(
            at: IngestCommandTests.fixture("verdicts/recorders/jemalloc/pagesrv"), to: other)
        // When ingested
        let ingest = try cli.run(["ingest", "--db", "i.sqlite", "--binary", other.path, "incident"])
        // Then the run fails, saying the binary matched no profile
        #expect(ingest.status == 1)
        #expect(ingest.stderr.contains("no ingested heap profile maps a program of that name"))
    }
}
