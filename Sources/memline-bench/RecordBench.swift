import Foundation
import GRDB
import MemlineKit

/// `memline-bench record [--procs 50] [--seconds 900] [--interval-ms 10] [--compare-seconds 90]
/// [--overhead-seconds 30] [--keep DIR]`
///
/// Starts `--procs` `sleep` children and records them with `--match` (a regular expression), each
/// measured part in its own child process so the figures are the recorder's alone:
/// 1. memory: `--seconds` at `--interval-ms` with the recorder's own settings, printing its VmRSS
///    (`/proc/self/status`), peak RSS (`getrusage` `ru_maxrss`) and the database size as it goes;
/// 2. the same for `--compare-seconds` with the page cache set back to the default 64 MiB (the baseline
///    for memory: what the recorder did before it had its own cache size);
/// 3. overhead: `--overhead-seconds` at 1 s, the recorder's CPU time over wall time, beside the baseline
///    of a shell loop running `ps -o pid,rss,vsz,args -p <the pids>` every second for as long.
enum RecordBench {
    static func run(_ arguments: [String]) throws {
        var args = arguments
        var procs = 50
        var seconds = 900
        var intervalMS = 10
        var compareSeconds = 90
        var overheadSeconds = 30
        var keep: String?
        while let arg = args.first {
            args.removeFirst()
            let value = args.first.flatMap { Int($0) }
            switch arg {
            case "--procs": procs = value ?? procs
            case "--seconds": seconds = value ?? seconds
            case "--interval-ms": intervalMS = value ?? intervalMS
            case "--compare-seconds": compareSeconds = value ?? compareSeconds
            case "--overhead-seconds": overheadSeconds = value ?? overheadSeconds
            case "--keep": keep = args.first
            default:
                say(
                    "usage: memline-bench record [--procs N] [--seconds N] [--interval-ms N] "
                        + "[--compare-seconds N] [--overhead-seconds N] [--keep DIR]")
                return
            }
            if !args.isEmpty { args.removeFirst() }
        }
        let dir = keep ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("memline-bench-rec-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: dir) } }

        // Children whose command line only this run has: `/usr/bin/sleep 86399.<bench pid>`.
        let argument = "86399.\(getpid())"
        let pattern = "sleep 86399\\.\(getpid())$"
        var sleepers: [Process] = []
        defer {
            for p in sleepers where p.isRunning { kill(p.processIdentifier, SIGKILL) }
            for p in sleepers { p.waitUntilExit() }
        }
        for _ in 0..<procs {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/sleep")
            p.arguments = [argument]
            try p.run()
            sleepers.append(p)
        }
        let pids = sleepers.map { String($0.processIdentifier) }.joined(separator: ",")
        say("memline-bench record: \(procs) sleep children, --match '\(pattern)', database in \(dir)")
        say(machineLoad())

        if seconds > 0 {
            say("\n### Memory: \(seconds) s at \(intervalMS) ms, the recorder's 2 MiB page cache\n")
            try phase(["record-memory", pattern, String(intervalMS), String(seconds), "recorder", dir + "/mem.sqlite"])
        }
        if compareSeconds > 0 {
            say("\n### Baseline: \(compareSeconds) s at \(intervalMS) ms, page cache set back to 64 MiB\n")
            try phase([
                "record-memory", pattern, String(intervalMS), String(compareSeconds), "default", dir + "/cmp.sqlite",
            ])
        }
        if overheadSeconds > 0 {
            say("\n### Overhead: \(overheadSeconds) s at 1 s, \(procs) processes\n")
            say(machineLoad())
            try phase(["record-overhead", pattern, String(overheadSeconds), dir + "/cpu.sqlite"])
            let before = childrenCPU()
            let start = Date()
            let loop =
                "i=0; while [ $i -lt \(overheadSeconds) ]; do ps -o pid=,rss=,vsz=,args= -p \(pids) "
                + "> /dev/null; sleep 1; i=$((i+1)); done"
            try Bench.run(loop)
            let wall = Date().timeIntervalSince(start)
            let cpu = childrenCPU() - before
            say(
                String(
                    format: "baseline `ps -o pid,rss,vsz,args -p <%d pids>` every 1 s: CPU %.2f s in %.1f s "
                        + "(%.2f%% of one core)", procs, cpu, wall, cpu / wall * 100))
            say(machineLoad())
        }
    }

    /// Runs `memline-bench phase <args>` with its output shown as it comes.
    static func phase(_ args: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["phase"] + args
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "phase \(args) failed"])
        }
    }

    /// `phase record-memory PATTERN INTERVAL_MS SECONDS recorder|default DB`: one recording, with its
    /// memory printed at growing interval counts.
    static func memory(_ args: [String]) throws {
        guard args.count == 5, let intervalMS = Int(args[1]), let seconds = Int(args[2]) else {
            throw CocoaError(.featureUnsupported)
        }
        let path = args[4]
        let db = try MemlineDatabase(path: path)
        let options = RecordOptions(
            target: .match(args[0]), intervalMS: intervalMS, durationMS: seconds * 1000, host: "bench")
        let session = try RecordingSession(database: db, options: options)
        let stop = StopSignal()
        let start = Date()
        var intervals = 0
        var samples = 0
        var checkpoints = [100, 500, 1000, 2000, 5000]
        var next = 10_000
        var failure: (any Error)?
        say("| intervals | seconds | samples | VmRSS MB | ru_maxrss MB | database MB | WAL MB |")
        say("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        func row() {
            let line = String(
                format: "| %d | %.0f | %d | %.1f | %.1f | %.1f | %.1f |", intervals, Date().timeIntervalSince(start),
                samples, Double(vmRSSKB()) / 1024, Double(maxRSSKB()) / 1024, Double(Bench.size(path)) / 1e6,
                Double(Bench.size(path + "-wal")) / 1e6)
            say(line)
        }
        let summary = try session.run(stop: stop) { batch, _ in
            if intervals == 0, args[3] == "default" {
                do {
                    try db.write { try $0.execute(sql: "PRAGMA cache_size = -65536") }
                } catch {
                    failure = error
                    stop.trigger()
                }
            }
            intervals += 1
            samples += batch.samples.count
            if intervals == checkpoints.first {
                checkpoints.removeFirst()
                row()
            } else if intervals == next {
                next += 10_000
                row()
            }
        }
        if let failure { throw failure }
        row()
        say("\n" + summary.oneLine)
    }

    /// `phase record-overhead PATTERN SECONDS DB`: one recording at 1 s; prints its summary.
    static func overhead(_ args: [String]) throws {
        guard args.count == 3, let seconds = Int(args[1]) else { throw CocoaError(.featureUnsupported) }
        let db = try MemlineDatabase(path: args[2])
        let options = RecordOptions(
            target: .match(args[0]), intervalMS: 1000, durationMS: seconds * 1000, host: "bench")
        let summary = try RecordingSession(database: db, options: options).run(stop: StopSignal())
        say(summary.oneLine)
        say(
            String(
                format: "recorder: CPU %.2f s in %.1f s (%.2f%% of one core), whole process incl. start-up %.2f s",
                summary.cpu.seconds, summary.seconds, summary.cpu.seconds / summary.seconds * 100, ownCPU()))
    }

    /// Prints `text` unbuffered, so the parent's and the phases' lines come in order through a pipe or file.
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func vmRSSKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
        }
        return 0
    }

    /// Peak RSS from `getrusage`, KiB (Linux reports `ru_maxrss` in KiB).
    static func maxRSSKB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    static func ownCPU() -> Double { cpu(RUSAGE_SELF.rawValue) }

    /// User plus system CPU of the children waited for so far, seconds.
    static func childrenCPU() -> Double { cpu(RUSAGE_CHILDREN.rawValue) }

    private static func cpu(_ who: Int32) -> Double {
        var usage = rusage()
        getrusage(who, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The load average and CPU pressure, so each figure says how busy the shared machine was.
    static func machineLoad() -> String {
        let load =
            (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
            .split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        let pressure =
            (try? String(contentsOfFile: "/proc/pressure/cpu", encoding: .utf8))?
            .split(separator: "\n").first.map(String.init) ?? "?"
        return "machine: load average \(load); cpu pressure \(pressure)"
    }
}
