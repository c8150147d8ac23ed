import Foundation
import MemlineKit
import Testing

/// `memline ingest` stopped by a signal keeps the files it committed, rolls back the one in flight, says which is
/// which, and exits 128 plus the signal's number; running it again finishes the job.
struct IngestInterruptCommandTests {
    private static let files = ["a.log", "b.log", "c.log", "d.log"]
    private static let linesPerFile = 80_000

    /// Per-request RSS logs big enough to take a moment each (about 8 MB), one pid per file.
    private func writeLogs(_ cli: CLI, count: Int = files.count) throws {
        for (n, name) in Self.files.prefix(count).enumerated() {
            var text = "# Logfile created on 2026-11-22 02:21:00 +0000 by logger.rb/v1.5.0\n"
            text.reserveCapacity(Self.linesPerFile * 110)
            for i in 0..<Self.linesPerFile {
                let time = String(format: "%02d:%02d:%02d", (i / 3600) % 24, (i / 60) % 60, i % 60)
                text +=
                    "I, [2026-11-22T\(time).000000 #\(100 + n)]  INFO -- : CONSUME MEMORY: 200KB\t"
                    + "Now: \(100_000 + i) KB\thttps://app/reports/\(i % 97)\n"
            }
            try cli.write("logs/\(name)", text)
        }
    }

    /// Each stored artifact's name, lines and per-request rows, by name; empty while the database does not exist.
    private func stored(_ cli: CLI) -> [String: [Int64]] {
        let sql = """
            SELECT a.name, a.lines, (SELECT count(*) FROM rss_rows r WHERE r.artifact_id = a.id) FROM artifacts a
            """
        guard let result = try? MemlineDatabase.query(path: cli.path("incident.sqlite"), sql: sql) else { return [:] }
        var byName: [String: [Int64]] = [:]
        for row in result.rows {
            guard case .text(let name) = row[0], case .integer(let lines) = row[1], case .integer(let rows) = row[2]
            else { continue }
            byName[name] = [lines, rows]
        }
        return byName
    }

    /// `memline ingest --db incident.sqlite ARGUMENTS…` started in `cli`'s directory, its stderr to a file.
    private func startIngest(_ cli: CLI, _ arguments: [String]) throws -> (Process, URL) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["ingest", "--db", "incident.sqlite"] + arguments
        process.currentDirectoryURL = cli.directory
        let errURL = cli.directory.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, errURL)
    }

    @Test func sigtermWhileTheOnlyFileIsReadStoresNothingAndExits143() throws {
        // Given one large log being ingested
        let cli = try CLI()
        defer { cli.cleanUp() }
        try writeLogs(cli, count: 1)
        let (process, errURL) = try startIngest(cli, ["logs/a.log"])
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        // When SIGTERM arrives while it is read (its database created)
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: cli.path("incident.sqlite")), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        Thread.sleep(forTimeInterval: 0.2)
        try #require(process.isRunning, "the ingest ended before the signal")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        // Then it exits 143, says the file was rolled back, and the database holds no artifact
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        #expect(process.terminationStatus == 143, "\(stderr)")
        #expect(
            stderr
                == "interrupted (SIGTERM): 0 of 1 file(s) stored; logs/a.log was rolled back; "
                + "run the same command again to finish\n")
        #expect(stored(cli).isEmpty)
    }

    @Test func secondSignalStopsAnIngestWaitingOnStandardInput() throws {
        // Given an ingest of standard input that has read a few lines and waits for more
        let cli = try CLI()
        defer { cli.cleanUp() }
        let input = Pipe()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["ingest", "--db", "incident.sqlite", "--format", "memory-csv", "-"]
        process.currentDirectoryURL = cli.directory
        let errURL = cli.directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = input
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        input.fileHandleForWriting.write(Data("ts,rss_kb\n2026-01-01T00:00:00Z,1000\n".utf8))
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: cli.path("incident.sqlite")), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        Thread.sleep(forTimeInterval: 0.3)

        // When SIGINT arrives, then again
        kill(process.processIdentifier, SIGINT)
        Thread.sleep(forTimeInterval: 0.3)
        let waitedAfterTheFirst = process.isRunning
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()

        // Then the first waits for the read, the second stops it at once, exit 130, and nothing was stored
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        #expect(waitedAfterTheFirst)
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(
            stderr
                == "memline: interrupted again (SIGINT): stopping now; the file being read is not stored, the files "
                + "before it are\n")
        #expect(stored(cli).isEmpty)
        try input.fileHandleForWriting.close()
    }

    @Test func sigintAfterACommitKeepsWholeFilesSaysWhatWasStoredAndExits130() throws {
        // Given a folder of four large logs being ingested
        let cli = try CLI()
        defer { cli.cleanUp() }
        try writeLogs(cli)
        let (process, errURL) = try startIngest(cli, ["logs"])
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }

        // When SIGINT arrives once the first file is committed and reported (its line on stderr: the next file is
        // being read), the commit seen in the database too
        let deadline = Date().addingTimeInterval(120)
        func reported() -> Bool {
            let text = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            return text.contains("a.log: \(IngestSummary.grouped(Self.linesPerFile + 1)) lines")
        }
        while !reported(), process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        try #require(process.isRunning, "the ingest ended before the first file was reported")
        try #require(reported(), "no file was reported in 120 s")
        try #require(stored(cli)["a.log"] != nil)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()

        // Then it exits 130 and its last line names the stored files and the one rolled back
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        #expect(process.terminationStatus == 130, "\(stderr)")
        let last = try #require(stderr.split(separator: "\n").last.map(String.init))
        let afterCommit = stored(cli)
        let names = Self.files.filter { afterCommit[$0] != nil }
        let rolledBack = try #require(Self.files.first { afterCommit[$0] == nil }, "every file was stored")
        let storedList = names.map { "logs/\($0)" }.joined(separator: ", ")
        #expect(
            last == "interrupted (SIGINT): \(names.count) of 4 file(s) stored (\(storedList)); logs/\(rolledBack) was "
                + "rolled back; run the same command again to finish: stored files are skipped")
        // And the database holds whole files only, the first ones in order
        #expect(names == Array(Self.files.prefix(names.count)))
        for name in names {
            #expect(afterCommit[name] == [Int64(Self.linesPerFile + 1), Int64(Self.linesPerFile)], "\(name)")
        }
        #expect(afterCommit.count == names.count)

        // When the same command runs again
        let rerun = try cli.run(["ingest", "--db", "incident.sqlite", "logs"])
        // Then the stored files are skipped and the rest land whole
        #expect(rerun.status == 0, "\(rerun.stderr)")
        for name in names { #expect(rerun.stderr.contains("\(name): already ingested"), "\(rerun.stderr)") }
        let finished = stored(cli)
        #expect(finished.count == 4)
        for name in Self.files {
            #expect(finished[name] == [Int64(Self.linesPerFile + 1), Int64(Self.linesPerFile)], "\(name)")
        }
    }
}
