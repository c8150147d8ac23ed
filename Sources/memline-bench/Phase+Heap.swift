import Foundation
import MemlineKit

extension Phase {
    /// `gzip -dc FILE > /dev/null`: the cost of only decompressing the dump.
    static func gunzip(_ path: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -dc '\(path)' > /dev/null"]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
    }

    /// Reads the file with `read(2)` a megabyte at a time and counts newlines and quotes: the floor for
    /// any parser that looks at every byte.
    static func byteScan(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var newlines = 0
        var quotes = 0
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n <= 0 { break }
            for byte in UnsafeRawBufferPointer(rebasing: buffer[0..<n]) {
                newlines &+= byte == 0x0A ? 1 : 0
                quotes &+= byte == 0x22 ? 1 : 0
            }
        }
        FileHandle.standardError.write(Data("\(newlines) lines, \(quotes) quotes\n".utf8))
    }

    /// `memline heap diff heap-1 heap-2 heap-3` with retention paths for the top 10 groups, checked against
    /// the planted leak: `args` = db, leaked objects, the leaked String's site, its retention path.
    static func heapDiff(_ args: [String]) throws {
        let db = try MemlineDatabase(path: args[0])
        let report = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"], top: 10)
        let site = report.top(.site, limit: 10).first { $0.key == args[2] }
        guard report.leakedObjects == Int(args[1]), let site, site.retentionPath == args[3] else {
            let sites = report.top(.site, limit: 3).map { "\($0.key) \($0.objects) \($0.retentionPath ?? "-")" }
            throw CocoaError(
                .featureUnsupported,
                userInfo: [
                    NSLocalizedDescriptionKey:
                        "diff missed the planted leak: \(report.leakedObjects) objects, top sites \(sites)"
                ])
        }
        FileHandle.standardError.write(
            Data("leak: \(report.leakedObjects) objects; \(site.key): \(site.retentionPath ?? "")\n".utf8))
    }
}

extension Phase {
    /// `zcat FILES > /dev/null`: the cost of only decompressing the archives.
    static func zcat(_ files: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "zcat \"$@\" > /dev/null", "zcat"] + files
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
    }

    /// Ingests `files` into `db` one after the other, each in its own transaction, with the indexes built once at
    /// the end, as `memline ingest DIR` does.
    static func ingestAll(db path: String, files: [String]) throws {
        try? FileManager.default.removeItem(atPath: path)
        let db = try MemlineDatabase(path: path)
        var rows = 0
        var skipped = 0
        var lap = DispatchTime.now().uptimeNanoseconds
        try db.ingestingMany {
            try ingestEach(db, files: files, rows: &rows, skipped: &skipped, lap: &lap)
        }
        FileHandle.standardError.write(Data("\(files.count) files, \(rows) rows stored, \(skipped) skipped\n".utf8))
    }

    private static func ingestEach(
        _ db: MemlineDatabase, files: [String], rows: inout Int, skipped: inout Int, lap: inout UInt64
    ) throws {
        for (i, file) in files.enumerated() {
            let summary = try db.ingest(path: file)
            rows += summary.rowCounts.values.reduce(0, +)
            skipped += summary.skipped
            // Per-file seconds on stderr: whether the ingest slows as the database grows.
            let now = DispatchTime.now().uptimeNanoseconds
            if i % 10 == 0 || i == files.count - 1 {
                let seconds = String(format: "%.2f", Double(now - lap) / 1e9)
                FileHandle.standardError.write(Data("file \(i + 1)/\(files.count): \(seconds) s\n".utf8))
            }
            lap = now
        }
    }
}
