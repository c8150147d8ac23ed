import Foundation
import MemlineKit
import Testing

struct RecordCommandTests {
    /// Starts `memline record` without waiting for it.
    private func startRecorder(_ cli: CLI, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = cli.directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func startSleeper(_ marker: String) throws -> Process {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        sleeper.arguments = ["-c", "import time; time.sleep(20)", marker]
        try sleeper.run()
        return sleeper
    }

    @Test func killedRecorderLeavesEveryCommittedSampleIntact() throws {
        // Given a recorder following a process every 0.1 s
        let cli = try CLI()
        defer { cli.cleanUp() }
        let marker = "memline-kill-test-\(UUID().uuidString.prefix(8))"
        let sleeper = try startSleeper(marker)
        defer {
            kill(sleeper.processIdentifier, SIGKILL)
            sleeper.waitUntilExit()
        }
        let recorder = try startRecorder(cli, ["record", "--db", "rec.sqlite", "--match", marker, "--interval", "0.1s"])
        Thread.sleep(forTimeInterval: 1.5)

        // When it is killed with SIGKILL mid-run
        kill(recorder.processIdentifier, SIGKILL)
        recorder.waitUntilExit()

        // Then the database is consistent and the artifact row agrees with every stored sample
        let integrity = try cli.run(["query", "--db", "rec.sqlite", "--format", "csv", "PRAGMA integrity_check"])
        #expect(integrity.stdout.contains("ok"), "\(integrity.stdout)\(integrity.stderr)")
        let check = try cli.run([
            "query", "--db", "rec.sqlite", "--format", "csv",
            """
            SELECT a.rows, a.lines, count(s.id) AS samples, min(s.line) AS first_line, max(s.line) AS last_line,
              count(DISTINCT s.line) AS distinct_lines, a.last_ts = max(s.ts) AS last_ts_ok
            FROM artifacts a JOIN rss_samples s ON s.artifact_id = a.id WHERE a.format = 'record' GROUP BY a.id
            """,
        ])
        let lines = check.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(check.stdout)\(check.stderr)")
        let values = try #require(lines.last).split(separator: ",").compactMap { Int($0) }
        try #require(values.count == 7)
        let (rows, lineCount, samples, first, last, distinct, lastOK) =
            (values[0], values[1], values[2], values[3], values[4], values[5], values[6])
        #expect(samples >= 5, "about 15 intervals of 0.1 s were recorded")
        #expect(rows == samples && lineCount == samples && distinct == samples)
        #expect(first == 1 && last == samples, "no gap: each committed interval is whole")
        #expect(lastOK == 1)
    }

    @Test func sigtermFinishesWithASummary() throws {
        // Given a recorder of one process by pid
        let cli = try CLI()
        defer { cli.cleanUp() }
        let sleeper = try startSleeper("memline-sigterm-test")
        defer {
            kill(sleeper.processIdentifier, SIGKILL)
            sleeper.waitUntilExit()
        }
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["record", "--db", "rec.sqlite", "--pid", "\(sleeper.processIdentifier)", "--interval", "0.1s"]
        process.currentDirectoryURL = cli.directory
        let errURL = cli.directory.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardError = errHandle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.0)

        // When it gets SIGTERM
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        try errHandle.close()

        // Then it exits 0 with its summary line
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("ended by signal"), "\(stderr)")
        #expect(stderr.contains("samples"))
    }

    @Test func recordNeedsExactlyOneTarget() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let none = try cli.run(["record", "--db", "rec.sqlite"])
        #expect(none.status != 0)
        #expect(none.stderr.contains("exactly one of --pid, --match or --cgroup"))
        let badInterval = try cli.run(["record", "--match", "x", "--interval", "often"])
        #expect(badInterval.status != 0)
        #expect(badInterval.stderr.contains("not a duration"))
        let missing = try cli.run(["record", "--db", "rec.sqlite", "--pid", "999999999", "--duration", "1s"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no process with pid 999999999"))
    }
}
