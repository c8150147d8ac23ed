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

    private func startSleeper(_ marker: String, seconds: Int = 20) throws -> Process {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        sleeper.arguments = ["-c", "import time; time.sleep(\(seconds))", marker]
        try sleeper.run()
        return sleeper
    }

    /// The recorded samples in the database at `path`, read as another process would; 0 while the file or
    /// its tables do not exist yet.
    private func storedSamples(_ path: String) -> Int {
        let sql =
            "SELECT count(*) FROM rss_samples s JOIN artifacts a ON a.id = s.artifact_id "
            + "WHERE a.format = 'record'"
        guard let result = try? MemlineDatabase.query(path: path, sql: sql), let row = result.rows.first,
            case .integer(let count)? = row.first
        else { return 0 }
        return Int(count)
    }

    /// Polls `condition` every 20 ms until it holds or `seconds` pass; true when it held.
    private func wait(upTo seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
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
        let recorder = try startRecorder(
            cli, ["record", "--db", "rec.sqlite", "--match", marker, "--interval", "0.1s"])
        defer {
            if recorder.isRunning { kill(recorder.processIdentifier, SIGKILL) }
            recorder.waitUntilExit()
        }
        // (however slowly a busy machine starts it: wait until five intervals are committed)
        let recording = wait(upTo: 60) { storedSamples(cli.path("rec.sqlite")) >= 5 }
        try #require(recording, "the recorder committed no 5 intervals in 60 s")

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
        #expect(samples >= 5, "at least the five intervals waited for were recorded")
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
        process.arguments = [
            "record", "--db", "rec.sqlite", "--pid", "\(sleeper.processIdentifier)", "--interval", "0.1s",
        ]
        process.currentDirectoryURL = cli.directory
        let errURL = cli.directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardError = errHandle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        // (the signal handlers are in place before the first interval is committed)
        let recording = wait(upTo: 60) { storedSamples(cli.path("rec.sqlite")) >= 1 }
        try #require(recording, "the recorder committed no interval in 60 s")

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

    @Test func invalidMatchPatternIsAUsageError() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // When --match is not a regular expression
        let result = try cli.run(["record", "--db", "rec.sqlite", "--match", "worker [0-9", "--duration", "1s"])
        // Then it exits 64 (usage) naming the pattern and why, before creating the database
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--match 'worker [0-9' is not a regular expression"), "\(result.stderr)")
        #expect(result.stderr.contains("expected ']'"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("rec.sqlite")))
    }

    @Test func matchFollowsProcessesByRegularExpression() throws {
        // Given two workers and a master whose command lines differ only by their tags
        let cli = try CLI()
        defer { cli.cleanUp() }
        let marker = "memline-regex-test-\(UUID().uuidString.prefix(8))"
        let workers = try [startSleeper(marker + " worker 1"), startSleeper(marker + " worker 12")]
        let master = try startSleeper(marker + " master")
        defer {
            for p in workers + [master] {
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
            }
        }
        // When recorded with a pattern for the workers only, for three intervals
        let record = try cli.run([
            "record", "--db", "rec.sqlite", "--match", marker + " worker [0-9]+$", "--interval", "0.1s",
            "--duration", "0.3s",
        ])
        #expect(record.status == 0, "\(record.stderr)")
        // Then only the workers' pids were sampled
        let pids = try cli.run([
            "query", "--db", "rec.sqlite", "--format", "csv", "SELECT DISTINCT pid FROM rss_samples ORDER BY pid",
        ])
        let sampled = Set(pids.stdout.split(separator: "\n").dropFirst().compactMap { Int32($0) })
        #expect(sampled == Set(workers.map(\.processIdentifier)), "\(pids.stdout)\(record.stderr)")
    }

    @Test func recordingBesideIngestQueryAndReportOnTheSameDatabase() throws {
        // Given a recorder writing every 20 ms into rec.sqlite
        let cli = try CLI()
        defer { cli.cleanUp() }
        let marker = "memline-beside-test-\(UUID().uuidString.prefix(8))"
        let sleeper = try startSleeper(marker)
        defer {
            kill(sleeper.processIdentifier, SIGKILL)
            sleeper.waitUntilExit()
        }
        let logger = "I, [2026-11-22T01:%02d:%02d.000000 #7551]  INFO -- : "
        var lines: [String] = []
        for i in 0..<30_000 {
            lines.append(
                String(format: logger, i / 600, (i / 10) % 60)
                    + "CONSUME MEMORY: \(i % 900)KB\tNow: \(200_000 + i) KB\t"
                    + "https://app.example.com/reports/\(i % 50)")
        }
        try cli.write("performance.log", lines.joined(separator: "\n") + "\n")
        let recorder = try startRecorder(
            cli, ["record", "--db", "rec.sqlite", "--match", marker, "--interval", "20ms"])
        defer {
            if recorder.isRunning { kill(recorder.processIdentifier, SIGKILL) }
            recorder.waitUntilExit()
        }
        let started = wait(upTo: 60) { storedSamples(cli.path("rec.sqlite")) >= 3 }
        try #require(started, "the recorder committed no 3 intervals in 60 s")

        // When a log is ingested, queried and reported on from the same file meanwhile
        let ingest = try cli.run(["ingest", "--db", "rec.sqlite", "performance.log"])
        let query = try cli.run([
            "query", "--db", "rec.sqlite", "--format", "csv", "SELECT count(*) FROM request_memory",
        ])
        let report = try cli.run(["report", "--db", "rec.sqlite", "--out", "out"])
        let before = storedSamples(cli.path("rec.sqlite"))
        let still = wait(upTo: 60) { storedSamples(cli.path("rec.sqlite")) >= before + 3 }
        kill(recorder.processIdentifier, SIGTERM)
        recorder.waitUntilExit()

        // Then every command succeeded, the recorder went on and ended cleanly
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(query.stdout.contains("30000"), "\(query.stdout)\(query.stderr)")
        #expect(report.status == 0, "\(report.stderr)")
        #expect(still, "the recorder stored nothing after the other commands")
        #expect(recorder.terminationStatus == 0)
        // And the recording is whole: one line per row, no gap, the artifact row agrees
        let check = try cli.run([
            "query", "--db", "rec.sqlite", "--format", "csv",
            """
            SELECT a.rows = count(s.id), a.lines = count(s.id), min(s.line) = 1, max(s.line) = count(s.id),
              count(DISTINCT s.line) = count(s.id), (SELECT count(*) FROM artifacts) = 2
            FROM artifacts a JOIN rss_samples s ON s.artifact_id = a.id WHERE a.format = 'record' GROUP BY a.id
            """,
        ])
        #expect(check.stdout.split(separator: "\n").last == "1,1,1,1,1,1", "\(check.stdout)\(check.stderr)")
        let integrity = try cli.run(["query", "--db", "rec.sqlite", "--format", "csv", "PRAGMA integrity_check"])
        #expect(integrity.stdout.contains("ok"))
    }
}
