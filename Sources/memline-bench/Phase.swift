import Foundation
import GRDB
import GRDBSQLite
import MemlineKit

/// One measured phase, run in its own process; prints `seconds peakKB` as its last line.
enum Phase {
    static func run(_ args: [String]) throws {
        let start = DispatchTime.now()
        switch args.first {
        case "ingest":
            let db = try MemlineDatabase(path: args[2])
            let summary = try db.ingest(path: args[1])
            FileHandle.standardError.write(Data((summary.oneLine + "\n").utf8))
        case "sha256":
            try hash(args[1]) {
                var h = MemlineKit.SHA256()
                return ({ h.update($0) }, { h.finalizeHex() })
            }
        case "sha256-handwritten":
            try hash(args[1]) {
                var h = HandWrittenSHA256()
                return ({ h.update($0) }, { h.finalizeHex() })
            }
        case "sha256sum":
            try Bench.run("sha256sum '\(args[1])' > /dev/null")
        case "import":
            try sqliteImport(tsv: args[1], db: args[2], columns: args[3])
        case "pipeline":
            // The classic per-request RSS pipeline, verbatim but for the file name.
            let script =
                "grep \"CONSUME MEMORY\" '\(args[1])' | grep -v \"CONSUME MEMORY: 0\" | "
                + "awk '{print $9 \"\\t\"  $11 $12 \"\\t\" $13}' | sort -r -n | head -n 100 > /dev/null"
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", script]
            try p.run()
            p.waitUntilExit()
        case "zcat":
            try zcat(Array(args.dropFirst()))
        case "ingest-all":
            try ingestAll(db: args[1], files: Array(args.dropFirst(2)))
        case "gunzip":
            try gunzip(args[1])
        case "scan":
            try byteScan(args[1])
        case "heap-diff":
            try heapDiff(Array(args.dropFirst()))
        case "python-heap-diff":
            try Bench.run("python3 '\(args[1])' '\(args[2])' '\(args[3])' '\(args[4])' > /dev/null")
        case "query":
            let result = try MemlineDatabase.query(
                path: args[1], sql: "SELECT delta_kb, rss_kb, url FROM request_memory ORDER BY delta_kb DESC LIMIT 100")
            precondition(result.rows.count == 100)
        case "record-memory":
            try RecordBench.memory(Array(args.dropFirst()))
            return
        case "record-overhead":
            try RecordBench.overhead(Array(args.dropFirst()))
            return
        default:
            throw CocoaError(.featureUnsupported)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        print(String(format: "%.4f", seconds), max(peakKB(), childrenPeakKB()))
    }

    /// The anchor: what a user would do instead, `sqlite3 .import` of a line format's facts, already split
    /// into tab-separated fields, into a fresh table of those columns (no index), in the CLI's defaults.
    static func sqliteImport(tsv: String, db: String, columns: String) throws {
        try? FileManager.default.removeItem(atPath: db)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [db, "CREATE TABLE facts (\(columns))", ".mode tabs", ".import '\(tsv)' facts"]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }

    /// Hashes a file in 1 MiB reads, as the ingest's read-ahead does, and prints the digest to stderr.
    static func hash(
        _ path: String,
        _ make: () -> (update: (UnsafeRawBufferPointer) -> Void, finalize: () -> String)
    ) throws {
        let hasher = make()
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while case let n = read(fd, buffer.baseAddress, buffer.count), n > 0 {
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        }
        FileHandle.standardError.write(Data((hasher.finalize() + "\n").utf8))
    }

    /// The peak RSS of the phase's waited-for children (`sqlite3`, `sh`), KiB.
    static func childrenPeakKB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return usage.ru_maxrss
    }

    static func peakKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
        }
        return 0
    }
}
