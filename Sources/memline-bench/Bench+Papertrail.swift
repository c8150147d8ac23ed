import Foundation
import MemlineKit

extension Bench {
    /// A folder of hourly Papertrail archives of about `megabytes` MB gzipped: `zcat` of the files and memline's
    /// ingest of the folder, in the same run.
    ///
    /// The folder is cached in the temporary directory under a name that carries the generator's version and the
    /// size, so reruns reuse it (generating 1 GB of gzip takes minutes); a `.manifest` beside the archives holds
    /// their uncompressed size, rows and requests.
    static func papertrailPhases(megabytes: Int, dir: String, measure: Measure) throws -> [String] {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "memline-bench-papertrail-v\(PapertrailGenerator.version)-\(megabytes)MB")
        let manifestPath = (folder as NSString).appendingPathComponent(".manifest")
        var manifest =
            (try? String(contentsOfFile: manifestPath, encoding: .utf8))?
            .split(separator: " ").compactMap { Int64($0) } ?? []
        if manifest.count != 3 {
            print("memline-bench: generating about \(megabytes) MB of gzipped hourly Papertrail archives in \(folder)")
            try? FileManager.default.removeItem(atPath: folder)
            let generator = PapertrailGenerator()
            _ = try generator.writeFolder(folder, megabytes: megabytes)
            manifest = [generator.textBytes, Int64(generator.rows), Int64(generator.requests)]
            try manifest.map(String.init).joined(separator: " ")
                .write(toFile: manifestPath, atomically: true, encoding: .utf8)
        } else {
            print("memline-bench: reusing the Papertrail archives in \(folder)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".tsv.gz") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
        let compressed = files.map(size).reduce(0, +)
        let text = manifest[0]
        let rows = Int(manifest[1])
        let zcat = try measure("zcat archives > /dev/null (baseline)", ["zcat"] + files, rows, text)
        let db = (dir as NSString).appendingPathComponent("papertrail.sqlite")
        let ingest = try measure(
            "memline ingest of the archive folder (papertrail)", ["ingest-all", db] + files,
            rows, text)
        return [
            "Papertrail folder: \(files.count) hourly archives, "
                + String(format: "%.1f MB gzipped, %.1f MB of text", Double(compressed) / 1e6, Double(text) / 1e6)
                + ", \(rows) rows, \(manifest[2]) requests; memline "
                + String(format: "%.1f MB/s vs zcat %.1f MB/s", Double(text) / 1e6 / ingest, Double(text) / 1e6 / zcat)
                + " of uncompressed text."
        ]
    }
}
