import Foundation
import GRDB
import GRDBSQLite
import MemlineKit

/// `swift run -c release memline-bench [--lines N] [--keep DIR]`
///
/// Generates its own inputs, then measures memline's ingest beside the baselines in the same run:
/// a raw sqlite3 C-API insert loop of the same rows, and seed 000's `grep | awk | sort -rn | head`.
/// Each measured phase runs in a child process so its peak RSS (VmHWM) is its own.
@main
struct Bench {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        if args.first == "analyze" {
            try AnalysisBench.run(Array(args.dropFirst()))
            return
        }
        if args.first == "analyze-db", args.count > 1 {
            try AnalysisBench.analyzeExisting(args[1])
            return
        }
        if args.first == "phase" {
            args.removeFirst()
            try Phase.run(args)
            return
        }
        var lines = 1_000_000
        var keep: String?
        while let arg = args.first {
            args.removeFirst()
            switch arg {
            case "--lines": lines = Int(args.removeFirst()) ?? lines
            case "--keep": keep = args.removeFirst()
            default:
                print("usage: memline-bench [--lines N] [--keep DIR]")
                return
            }
        }
        let dir = keep ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("memline-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: dir) } }

        let perf = (dir as NSString).appendingPathComponent("performance.log")
        let rails = (dir as NSString).appendingPathComponent("production.log")
        print("memline-bench: generating \(lines) per-request RSS lines and \(lines) Rails log lines in \(dir)")
        _ = try Generators.performanceLog(lines: lines, to: perf)
        let railsInfo = try Generators.railsLog(lines: lines, to: rails)

        var results: [[String]] = []
        func measure(_ label: String, _ phase: [String], rows: Int, bytes: Int64) throws {
            let r = try Child.run(phase)
            let rowsPerSecond = Double(rows) / r.seconds
            results.append([
                label, String(format: "%.2f", r.seconds), IngestSummary.grouped(rows),
                IngestSummary.grouped(Int(rowsPerSecond)), String(format: "%.0f", Double(bytes) / 1e6 / r.seconds),
                String(format: "%.0f", Double(r.peakKB) / 1024),
            ])
        }
        let perfBytes = size(perf), railsBytes = size(rails)
        try measure("memline ingest performance.log (request-rss)", ["ingest", perf, dir + "/a.sqlite"],
                    rows: lines * 2, bytes: perfBytes)
        try measure("raw C-API insert, same rows (baseline)", ["raw", String(lines), dir + "/b.sqlite"],
                    rows: lines * 2, bytes: perfBytes)
        try measure("memline ingest production.log (rails)", ["ingest", rails, dir + "/c.sqlite"],
                    rows: railsInfo.requests, bytes: railsBytes)
        try measure("grep|awk|sort -rn|head on performance.log (baseline)", ["pipeline", perf],
                    rows: lines, bytes: perfBytes)
        try measure("memline query: top 100 requests by RSS growth", ["query", dir + "/a.sqlite"],
                    rows: lines, bytes: perfBytes)
        print("")
        print("| phase | seconds | rows | rows/s | MB/s | peak RSS MB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for r in results { print("| " + r.joined(separator: " | ") + " |") }
        print("")
        print("Inputs: performance.log \(perfBytes / 1_000_000) MB (\(lines) lines), production.log "
              + "\(railsBytes / 1_000_000) MB (\(railsInfo.lines) lines, \(railsInfo.requests) requests).")
        print("Rails log lines/s: \(IngestSummary.grouped(Int(Double(railsInfo.lines) / (Double(results[2][1]) ?? 1))))")
    }

    static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

/// Runs one phase of the benchmark in a child process and reads back its time and peak RSS.
enum Child {
    static func run(_ phase: [String]) throws -> (seconds: Double, peakKB: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
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
