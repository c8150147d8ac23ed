import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct RecordTests {
    // MARK: Parsing real /proc files

    @Test func parsesMemoryFieldsOfRealProcStatus() throws {
        let text = try String(contentsOfFile: Fixtures.path("linux/proc_status_python_t2.txt"), encoding: .utf8)
        let status = try #require(ProcStatus.parse(text))
        #expect(
            status
                == ProcStatus(
                    name: "python3", pid: 2, state: "S", rssKB: 64992, hwmKB: 64992, vmSizeKB: 70944, swapKB: 0,
                    rssAnonKB: 58296, rssFileKB: 6696, rssShmemKB: 0, threads: 1))
    }

    @Test func parsesSleepProcessStatus() throws {
        let text = try String(contentsOfFile: Fixtures.path("linux/proc_status_sleep.txt"), encoding: .utf8)
        let status = try #require(ProcStatus.parse(text))
        #expect(status.name == "sleep")
        #expect(status.rssKB == 1876 && status.hwmKB == 1876 && status.vmSizeKB == 5900)
        #expect(status.rssAnonKB == 108 && status.rssFileKB == 1768 && status.threads == 1)
    }

    @Test func parsesRealSmapsRollup() throws {
        let text = try String(contentsOfFile: Fixtures.path("linux/smaps_rollup_python_t2.txt"), encoding: .utf8)
        let rollup = try #require(SmapsRollup.parse(text))
        #expect(
            rollup
                == SmapsRollup(
                    rssKB: 64992, pssKB: 63117, pssAnonKB: 58296, pssFileKB: 4821, pssShmemKB: 0,
                    privateDirtyKB: 58296, swapKB: 0, swapPssKB: 0))
    }

    @Test func zombiesAndKernelThreadsHaveNoSample() {
        // Given a zombie (no Vm lines) and a kernel thread's status
        let zombie = "Name:\tpython3\nState:\tZ (zombie)\nTgid:\t42\nPid:\t42\nThreads:\t1\n"
        let kthread = "Name:\tkworker/0:1\nState:\tI (idle)\nPid:\t17\nThreads:\t1\n"
        // Then neither is a sample, and an empty smaps_rollup neither
        #expect(ProcStatus.parse(zombie) == nil)
        #expect(ProcStatus.parse(kthread) == nil)
        #expect(SmapsRollup.parse("") == nil)
    }

    @Test func readsCgroupV2AndV1Files() {
        let v2 = CgroupMemory.parseV2(
            current: "52428800\n", max: "max\n",
            events: "low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n")
        #expect(v2 == CgroupMemory(version: .v2, currentBytes: 52_428_800, maxBytes: nil, oom: 2, oomKill: 1))
        let limited = CgroupMemory.parseV2(current: "1024\n", max: "268435456\n", events: nil)
        #expect(limited?.maxBytes == 268_435_456)
        // v1 as this machine prints it: an "unlimited" limit of 9223372036854771712
        let v1 = CgroupMemory.parseV1(
            usage: "6276722688\n", limit: "9223372036854771712\n",
            oomControl: "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n")
        #expect(v1 == CgroupMemory(version: .v1, currentBytes: 6_276_722_688, maxBytes: nil, oom: nil, oomKill: 3))
        #expect(CgroupMemory.parseV2(current: "garbage", max: nil, events: nil) == nil)
    }

    @Test func readsDurationsWithUnits() {
        #expect(DurationText.milliseconds("200ms") == 200)
        #expect(DurationText.milliseconds("0.2s") == 200)
        #expect(DurationText.milliseconds("1s") == 1000)
        #expect(DurationText.milliseconds("5") == 5000)
        #expect(DurationText.milliseconds("2m") == 120_000)
        #expect(DurationText.milliseconds("24h") == 86_400_000)
        #expect(DurationText.milliseconds("0s") == nil)
        #expect(DurationText.milliseconds("fast") == nil)
        #expect(DurationText.milliseconds("-1s") == nil)
    }

    @Test func countsCPUAfterACommandNameWithSpaces() {
        let stat = "4242 (my worker) S 1 4242 4242 0 -1 4194560 120 0 0 0 250 50 0 0 20 0 1 0 100 1000 200 0"
        #expect(ProcessCPU.cpuSeconds(stat: stat, ticksPerSecond: 100) == 3.0)
    }

    // MARK: Cgroup OOM events

    @Test func oomCounterIncreaseBecomesAnOomEvent() throws {
        // Given a cgroup v2 directory whose oom_kill counter goes up between two readings
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        try write("memory.current", "104857600\n")
        try write("memory.max", "209715200\n")
        try write("memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n")
        let recorder = try Recorder(target: .cgroup(dir.path), host: "box")
        let first = recorder.sample(at: Timestamp(milliseconds: 1_000))
        try write("memory.current", "10485760\n")
        try write("memory.events", "low 0\nhigh 0\nmax 5\noom 2\noom_kill 2\noom_group_kill 0\n")
        // When sampled again
        let second = recorder.sample(at: Timestamp(milliseconds: 2_000))
        let third = recorder.sample(at: Timestamp(milliseconds: 3_000))
        // Then the first reading is a baseline, the increase one oom event, an unchanged counter none
        #expect(first.events.isEmpty)
        #expect(first.samples.map(\.rssKB) == [102_400])
        #expect(first.samples.first?.limitKB == 204_800)
        let event = try #require(second.events.first)
        #expect(second.events.count == 1)
        #expect(event.kind == "oom" && event.host == "box")
        #expect(event.message.contains("oom_kill +1 (total 2)"))
        #expect(event.details?.contains("\"oom_kill_delta\":1") == true)
        #expect(second.samples.map(\.rssKB) == [10_240])
        #expect(third.events.isEmpty)
    }

    @Test func realCgroupIsReadWhenPresent() throws {
        // The v1 memory controller of this machine (skipped where the controller is not mounted)
        let candidates = ["/sys/fs/cgroup/memory", "/sys/fs/cgroup"]
        let reader = ProcFileReader()
        guard let path = candidates.first(where: { CgroupMemory.read(directory: $0, with: reader) != nil }) else {
            return
        }
        let reading = try #require(CgroupMemory.read(directory: path, with: reader))
        #expect(reading.currentBytes > 0)
    }

    // MARK: Real child processes

    @Test func recordsGrowingExitingAndRestartedProcesses() throws {
        // Given three kinds of python3 children carrying a unique marker in their command line
        let marker = "memline-record-test-\(UUID().uuidString.prefix(8))"
        let grow = try Child.python(
            "x = []\nwhile True:\n    x.append(b'x' * 2_000_000)\n    time.sleep(0.1)", marker + "-grow")
        let exiting = try Child.python("time.sleep(0.5)", marker + "-exit")
        let worker1 = try Child.python("time.sleep(60)", marker + "-worker")
        var worker2: Child?
        defer {
            grow.stop()
            exiting.stop()
            worker1.stop()
            worker2?.stop()
        }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try MemlineDatabase(path: dir.appendingPathComponent("rec.sqlite").path)
        Thread.sleep(forTimeInterval: 0.3)

        // When recorded every 0.2 s for 3 s, the worker restarted after 1 s, each interval committed
        let recorder = try Recorder(target: .match(marker), smaps: true, host: "box")
        let start = Timestamp(date: Date())
        let artifact = try db.beginRecording(target: .match(marker), host: "box", intervalMS: 200, at: start)
        var line = 1
        for tick in 0..<15 {
            if tick == 5 {
                worker1.stop()
                worker2 = try Child.python("time.sleep(60)", marker + "-worker")
            }
            let batch = recorder.sample(at: Timestamp(date: Date()))
            line = try db.appendRecording(artifactID: artifact, host: "box", batch: batch, firstLine: line)
            Thread.sleep(forTimeInterval: 0.2)
        }

        // Then the grower's samples rise, with VmHWM and PSS beside them
        let growRows = try db.read { db in
            try Row.fetchAll(
                db, sql: "SELECT rss_kb, hwm_kb, pss_kb, threads FROM rss_samples WHERE pid = ? ORDER BY line",
                arguments: [grow.pid])
        }
        #expect(growRows.count >= 14)
        let firstRSS: Int = try #require(growRows.first)["rss_kb"]
        let lastRSS: Int = try #require(growRows.last)["rss_kb"]
        #expect(lastRSS - firstRSS > 20_000, "the grower added ~20 MB/s")
        for row in growRows {
            #expect((row["hwm_kb"] as Int) >= (row["rss_kb"] as Int))
            #expect((row["pss_kb"] as Int?) != nil)
        }
        // And the exits and the restart are events; processes there at the start are not "started"
        let events = try db.read { db in
            try Row.fetchAll(
                db, sql: "SELECT kind, pid, host FROM events WHERE artifact_id = ? ORDER BY line", arguments: [artifact]
            )
        }
        let pairs = events.map { "\($0["kind"] as String) \($0["pid"] as Int)" }
        let worker2PID = try #require(worker2?.pid)
        #expect(pairs.contains("exit \(exiting.pid)"))
        #expect(pairs.contains("exit \(worker1.pid)"))
        #expect(pairs.contains("start \(worker2PID)"))
        #expect(!pairs.contains("start \(grow.pid)") && !pairs.contains("exit \(grow.pid)"))
        #expect(events.count == 3)
        let worker2Samples = try db.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM rss_samples WHERE pid = ?", arguments: [worker2PID])
        }
        #expect((worker2Samples ?? 0) >= 5)
        // And the artifact row counts every row, each with its own line
        let check = try db.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT a.rows, a.lines, a.format, a.first_ts, a.last_ts,
                      (SELECT count(*) FROM rss_samples WHERE artifact_id = a.id)
                      + (SELECT count(*) FROM events WHERE artifact_id = a.id) AS stored,
                      (SELECT count(DISTINCT line) FROM (SELECT line FROM rss_samples WHERE artifact_id = a.id
                        UNION ALL SELECT line FROM events WHERE artifact_id = a.id)) AS distinct_lines
                    FROM artifacts a WHERE a.id = ?
                    """, arguments: [artifact])
        }
        let row = try #require(check)
        #expect((row["rows"] as Int) == (row["stored"] as Int))
        #expect((row["lines"] as Int) == (row["stored"] as Int))
        #expect((row["distinct_lines"] as Int) == (row["stored"] as Int))
        #expect((row["format"] as String) == "record")
        #expect((row["first_ts"] as String?) != nil && (row["last_ts"] as String?) != nil)
    }
}

/// A child process started for a test, stopped (killed and reaped) at the end.
final class Child {
    let process: Process
    var pid: Int { Int(process.processIdentifier) }

    init(_ executable: String, _ arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// `python3 -c "import time\n<code>" <tag>`: the tag lands in the command line for `--match`.
    static func python(_ code: String, _ tag: String) throws -> Child {
        try Child("/usr/bin/python3", ["-c", "import time\n" + code, tag])
    }

    /// SIGKILL, since children of the test runner inherit its blocked SIGTERM.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
