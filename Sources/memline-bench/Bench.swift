import Foundation
import GRDB
import GRDBSQLite
import MemlineKit

/// `swift run -c release memline-bench [--lines N] [--heap-objects N] [--small-heap-objects N] [--papertrail MB]
/// [--repeat N] [--baseline BENCH] [--keep DIR]`
///
/// Generates its own inputs, then measures memline's ingest beside the baselines in the same run: for the
/// request-RSS log and `pidstat -r` output, `sqlite3 .import` of the same facts already split into fields (the
/// anchor: what a user would do instead), `--repeat` rounds of each (3 by default), plus the previous build's
/// ingest when `--baseline` names its memline-bench; SHA-256 of the log three ways; the classic
/// `grep | awk | sort -rn | head`;
/// for heap dumps (three of 1M objects and three of 240k by default), `gzip -dc` of the gzipped dump, a raw byte
/// scan of it, and a plain Python diff of the three (the anchor). `--lines 0`, `--heap-objects 0` or
/// `--small-heap-objects 0` skips the logs or those heap dumps. `--papertrail MB` adds a folder of hourly Papertrail
/// archives of about MB megabytes gzipped (ingest beside `zcat`) and, unless they are given too, skips the others.
/// Each measured phase runs in a child process so its peak RSS (VmHWM) is its own.
@main
struct Bench {
    static func main() throws {
        let args = Array(CommandLine.arguments.dropFirst())
        if try runSubcommand(args) { return }
        guard let options = Options(parsing: args) else {
            print(
                "usage: memline-bench [--lines N] [--heap-objects N] [--small-heap-objects N] [--papertrail MB] "
                    + "[--repeat N] [--baseline BENCH] [--keep DIR]")
            return
        }
        let dir =
            options.keep ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("memline-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: dir) } }

        var results: [[String]] = []
        func measure(_ label: String, _ phase: [String], rows: Int, bytes: Int64) throws -> Double {
            let previous = label.hasPrefix("previous build")
            let r = try Child.run(phase, executable: previous ? options.baseline : nil)
            let rowsPerSecond = Double(rows) / r.seconds
            results.append([
                label, String(format: "%.2f", r.seconds), IngestSummary.grouped(rows),
                IngestSummary.grouped(Int(rowsPerSecond)), String(format: "%.0f", Double(bytes) / 1e6 / r.seconds),
                String(format: "%.0f", Double(r.peakKB) / 1024),
            ])
            return r.seconds
        }
        var inputs: [String] = []
        if options.lines > 0 {
            inputs += try logPhases(
                lines: options.lines, repetitions: options.repetitions, withBaseline: options.baseline != nil, dir: dir,
                measure: measure)
        }
        for objects in [options.heapObjects, options.smallHeapObjects] where objects > 0 {
            inputs += try heapPhases(objects: objects, dir: dir, measure: measure)
        }
        if options.papertrail > 0 {
            inputs += try papertrailPhases(megabytes: options.papertrail, dir: dir, measure: measure)
        }
        print("")
        print("| phase | seconds | rows | rows/s | MB/s | peak RSS MB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for r in results { print("| " + r.joined(separator: " | ") + " |") }
        print("")
        for line in inputs { print(line) }
    }

    /// The benchmarks of their own (`analyze`, `analyze-db DB`, `record`) and a child's `phase`.
    /// - Returns: whether `args` named one (it has run).
    static func runSubcommand(_ args: [String]) throws -> Bool {
        switch args.first {
        case "analyze": try AnalysisBench.run(Array(args.dropFirst()))
        case "analyze-db" where args.count > 1: try AnalysisBench.analyzeExisting(args[1])
        case "record": try RecordBench.run(Array(args.dropFirst()))
        case "phase": try Phase.run(Array(args.dropFirst()))
        default: return false
        }
        return true
    }

    /// Removes a database and its side files (`-wal`, `-shm`, `-journal`).
    static func fresh(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// What the main benchmark generates and measures.
    struct Options {
        var lines = 1_000_000
        var heapObjects = 1_000_000
        /// Small dumps too: the goal there is the speed against the Python diff, where fixed costs would show.
        var smallHeapObjects = 240_000
        var keep: String?
        var papertrail = 0
        var repetitions = 3
        var baseline: String?

        /// nil for an argument it does not know (the usage is printed).
        init?(parsing arguments: [String]) {
            var args = arguments
            var explicit = false
            while let arg = args.first {
                args.removeFirst()
                switch arg {
                case "--lines":
                    lines = Int(args.removeFirst()) ?? lines
                    explicit = true
                case "--heap-objects":
                    heapObjects = Int(args.removeFirst()) ?? heapObjects
                    explicit = true
                case "--small-heap-objects":
                    smallHeapObjects = Int(args.removeFirst()) ?? smallHeapObjects
                    explicit = true
                case "--papertrail": papertrail = Int(args.removeFirst()) ?? 0
                case "--keep": keep = args.removeFirst()
                case "--repeat": repetitions = max(1, Int(args.removeFirst()) ?? repetitions)
                case "--baseline": baseline = args.removeFirst()
                default: return nil
                }
            }
            // Papertrail archives alone, unless the logs or heap dumps are asked for too.
            if papertrail > 0 && !explicit {
                lines = 0
                heapObjects = 0
                smallHeapObjects = 0
            }
        }
    }

    /// Runs one phase in a child process, adds its row to the table and returns its seconds.
    typealias Measure = (_ label: String, _ phase: [String], _ rows: Int, _ bytes: Int64) throws -> Double

    /// A request-RSS log and a Rails log: ingest, baselines, and the top-100 query.
    static func logPhases(
        lines: Int, repetitions: Int, withBaseline: Bool, dir: String, measure: Measure
    ) throws -> [String] {
        let perf = (dir as NSString).appendingPathComponent("performance.log")
        let rails = (dir as NSString).appendingPathComponent("production.log")
        let pidstat = (dir as NSString).appendingPathComponent("pidstat.txt")
        print(
            "memline-bench: generating \(lines) per-request RSS lines, \(lines) Rails log lines and \(lines) "
                + "pidstat -r rows in \(dir)")
        _ = try Generators.performanceLog(lines: lines, to: perf, fields: perf + ".tsv")
        let railsInfo = try Generators.railsLog(lines: lines, to: rails)
        try Generators.pidstatLog(rows: lines, to: pidstat, fields: pidstat + ".tsv")
        let perfBytes = size(perf)
        let railsBytes = size(rails)
        let pidstatBytes = size(pidstat)
        var notes: [String] = []
        // Every ingest starts from no database: a kept folder's (`--keep`) or an earlier round's file, or its side
        // files, would make the load an append.
        for name in ["a", "a-previous", "p", "c"] { fresh(dir + "/\(name).sqlite") }
        for round in 1...repetitions {
            let memline = try measure(
                "memline ingest performance.log (request-rss) #\(round)", ["ingest", perf, dir + "/a.sqlite"],
                lines, perfBytes)
            let anchor = try measure(
                "sqlite3 .import of its fields: ts, pid, delta, rss, url (anchor) #\(round)",
                [
                    "import", perf + ".tsv", dir + "/a-import.sqlite",
                    "ts TEXT, pid INTEGER, delta_kb, rss_kb, url TEXT",
                ],
                lines, perfBytes)
            notes.append(
                ratio("request-rss", round, memline, anchor, dir + "/a.sqlite", dir + "/a-import.sqlite", perfBytes))
            if withBaseline {
                let previous = try measure(
                    "previous build: ingest performance.log (request-rss) #\(round)",
                    ["ingest", perf, dir + "/a-previous.sqlite"], lines, perfBytes)
                notes.append(
                    ratio(
                        "previous build, request-rss", round, previous, anchor, dir + "/a-previous.sqlite",
                        dir + "/a-import.sqlite", perfBytes))
                fresh(dir + "/a-previous.sqlite")
            }
            if round < repetitions { fresh(dir + "/a.sqlite") }
        }
        notes += try rotatedPhase(
            perf, lines: lines, bytes: perfBytes, repetitions: repetitions, withBaseline: withBaseline, dir: dir,
            measure: measure)
        for label in ["sha256", "sha256-handwritten", "sha256sum"] {
            _ = try measure("SHA-256 of performance.log: \(label)", [label, perf], lines, perfBytes)
        }
        for round in 1...repetitions {
            let memline = try measure(
                "memline ingest pidstat.txt (pidstat -r) #\(round)", ["ingest", pidstat, dir + "/p.sqlite"],
                lines, pidstatBytes)
            let anchor = try measure(
                "sqlite3 .import of its fields: ts, pid, minflt, majflt, vsz, rss, mem, command (anchor) #\(round)",
                [
                    "import", pidstat + ".tsv", dir + "/p-import.sqlite",
                    "ts TEXT, pid INTEGER, minflt_per_s, majflt_per_s, vsz_kb, rss_kb, mem_pct, command TEXT",
                ], lines, pidstatBytes)
            notes.append(
                ratio("pidstat -r", round, memline, anchor, dir + "/p.sqlite", dir + "/p-import.sqlite", pidstatBytes))
            fresh(dir + "/p.sqlite")
        }
        let railsSeconds = try measure(
            "memline ingest production.log (rails)", ["ingest", rails, dir + "/c.sqlite"],
            railsInfo.requests, railsBytes)
        _ = try measure("grep|awk|sort -rn|head on performance.log (baseline)", ["pipeline", perf], lines, perfBytes)
        _ = try measure(
            "memline query: top 100 requests by RSS growth", ["query", dir + "/a.sqlite"], lines, perfBytes)
        return notes + [
            "Inputs: performance.log \(perfBytes / 1_000_000) MB (\(lines) lines), pidstat.txt "
                + "\(pidstatBytes / 1_000_000) MB (\(lines) rows), production.log "
                + "\(railsBytes / 1_000_000) MB (\(railsInfo.lines) lines, \(railsInfo.requests) requests).",
            "Rails log lines/s: "
                + IngestSummary.grouped(Int(Double(railsInfo.lines) / railsSeconds)),
        ]
    }

    /// The same request-RSS lines as four rotated files, ingested as `memline ingest DIR` does (against the
    /// previous build's, with `--baseline`): what building the indexes once per ingest, not per file, is worth.
    static func rotatedPhase(
        _ perf: String, lines: Int, bytes: Int64, repetitions: Int, withBaseline: Bool, dir: String, measure: Measure
    ) throws -> [String] {
        let rotated = (dir as NSString).appendingPathComponent("rotated")
        try? FileManager.default.removeItem(atPath: rotated)
        try FileManager.default.createDirectory(atPath: rotated, withIntermediateDirectories: true)
        try run("split -n l/4 -d '\(perf)' '\(rotated)/performance.log.'")
        let files = (0..<4).map { rotated + "/performance.log.0\($0)" }
        var notes: [String] = []
        for round in 1...repetitions {
            fresh(dir + "/r.sqlite")
            let now = try measure(
                "memline ingest of performance.log as 4 rotated files #\(round)",
                ["ingest-all", dir + "/r.sqlite"] + files,
                lines, bytes)
            var note = "rotated request-rss #\(round): \(String(format: "%.2f", now)) s"
            if withBaseline {
                fresh(dir + "/r.sqlite")
                let previous = try measure(
                    "previous build: ingest of performance.log as 4 rotated files #\(round)",
                    ["ingest-all", dir + "/r.sqlite"] + files, lines, bytes)
                note += ", previous build \(String(format: "%.2f", previous)) s"
            }
            notes.append(note)
        }
        fresh(dir + "/r.sqlite")
        return notes
    }

    /// Three generated heap dumps with a planted leak: ingest of each, the baselines, the three-snapshot diff,
    /// and the same diff in plain Python (the anchor), with the goal's line: ingest + diff against the Python diff.
    static func heapPhases(objects: Int, dir: String, measure: Measure) throws -> [String] {
        print("memline-bench: generating three heap dumps of \(objects) objects in \(dir)")
        let model = HeapDumpGenerator(objects: objects)
        var files: [(objects: Int, bytes: Int64)] = []
        // A folder per size: the files keep the names the diff refers to them by (heap-1, heap-2, heap-3).
        let folder = dir + "/heap-\(objects)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let paths = (1...3).map { folder + "/heap-\($0).json" }
        for (i, path) in paths.enumerated() {
            files.append(try model.write(snapshot: i, to: path))
        }
        let name = "\(IngestSummary.grouped(objects))-object dump"
        try run("gzip -1 -c '\(paths[0])' > '\(paths[0]).gz'")
        let db = folder + "/heap.sqlite"
        var memline = 0.0
        memline += try measure(
            "memline ingest the first \(name) (ruby-heap, references included)", ["ingest", paths[0], db],
            files[0].objects, files[0].bytes)
        _ = try measure(
            "gzip -dc of the first \(name) > /dev/null (baseline)", ["gunzip", paths[0] + ".gz"],
            files[0].objects, files[0].bytes)
        _ = try measure(
            "byte scan of the first \(name): newlines and quotes (baseline)", ["scan", paths[0]],
            files[0].objects, files[0].bytes)
        for i in 1...2 {
            memline += try measure(
                "memline ingest \(name) \(i + 1) into the same database", ["ingest", paths[i], db],
                files[i].objects, files[i].bytes)
        }
        let planted = model.planted
        let allObjects = files.map(\.objects).reduce(0, +)
        let allBytes = files.map(\.bytes).reduce(0, +)
        memline += try measure(
            "memline heap diff of the three \(name)s (top 10, retention paths)",
            ["heap-diff", db, String(planted.leakedObjects), planted.stringSite, planted.retentionPath],
            allObjects, allBytes)
        var lines = [
            "Heap dumps of \(name)s: "
                + files.enumerated().map { i, f in "\(f.bytes / 1_000_000) MB (\(f.objects) objects)" }
                .joined(separator: ", ") + "; gzipped first dump \(size(paths[0] + ".gz") / 1_000_000) MB; "
                + "references per object "
                + String(format: "%.2f", Double(model.refs.count) / Double(model.objects.count)) + "; "
                + "planted leak \(planted.leakedObjects) objects (found by the diff phase).",
            "heap, three \(name)s: memline ingest + diff " + String(format: "%.2f s", memline)
                + (objects >= 1_000_000 ? " (goal < 5 s)" : ""),
        ]
        if let script = try PythonHeapDiff.write(into: folder) {
            let python = try measure(
                "plain Python json-per-line diff of the three \(name)s (anchor)",
                ["python-heap-diff", script] + paths, allObjects, allBytes)
            lines[1] +=
                String(format: "; the Python diff %.2f s: memline at %.1f× its speed", python, python / memline)
                + (objects < 1_000_000 ? " (goal ≥ 5×)" : "")
        } else {
            lines[1] += "; no python3 on PATH, so no anchor"
        }
        return lines
    }

    /// One line comparing memline's ingest with its anchor in the same round: rows/s ratio and database sizes.
    static func ratio(
        _ format: String, _ round: Int, _ memline: Double, _ anchor: Double, _ db: String, _ anchorDB: String,
        _ input: Int64
    ) -> String {
        let dbBytes = size(db) + size(db + "-wal")
        return "\(format) #\(round): memline at " + String(format: "%.2f", anchor / memline)
            + "× the rows/s of sqlite3 .import; database " + String(format: "%.1f", Double(dbBytes) / 1e6)
            + " MB = " + String(format: "%.2f", Double(dbBytes) / Double(input)) + "× the input text (anchor's: "
            + String(format: "%.2f", Double(size(anchorDB)) / Double(input)) + "×)"
    }

    static func run(_ script: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }

    static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

/// Runs one phase of the benchmark in a child process and reads back its time and peak RSS.
enum Child {
    /// Runs `phase` in this binary, or in `executable` (`--baseline`: another build's memline-bench, so the
    /// previous code runs in the same run).
    static func run(_ phase: [String], executable: String? = nil) throws -> (seconds: Double, peakKB: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? CommandLine.arguments[0])
        process.arguments = ["phase"] + phase
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let last = text.split(separator: "\n").last else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "phase \(phase) failed: \(text)"])
        }
        let parts = last.split(separator: " ")
        return (Double(parts[0]) ?? 0, Int(parts[1]) ?? 0)
    }
}
