import Foundation

/// The bundled example incident `memline demo` runs on: a real recording, embedded in the binary.
///
/// The files are in `Demo/Incident/`, recorded by `Tests/MemlineKitTests/Fixtures/incidents/record.sh` (scenario
/// `leak`) with Debian's ruby and sysstat: a unicorn-like master with 4 workers where `/reports/:id` keeps 200 KB
/// per request, a red herring `/exports/:id.csv` that allocates 40 MB and gives it back, and a Sidekiq-like job
/// process; `pidstat -r` every second, per-request RSS lines as a Rails around-filter writes them, GC.stat as JSON
/// lines.
public enum DemoIncident {
    /// The artifacts, as the recording wrote them (gzipped).
    public static let files: [(name: String, bytes: [UInt8])] = [
        ("pidstat.txt.gz", PackageResources.pidstat_txt_gz),
        ("performance.log.gz", PackageResources.performance_log_gz),
        ("sidekiq.log.gz", PackageResources.sidekiq_log_gz),
        ("gc_stat.jsonl.gz", PackageResources.gc_stat_jsonl_gz),
    ]

    public struct Result: Sendable {
        public var database: String
        public var artifacts: [String]
        public var ingest: [IngestSummary]
        public var analysis: AnalysisSummary
        public var reports: [String]
    }

    /// Writes the artifacts into `directory/artifacts`, ingests them into a fresh
    /// `directory/incident.sqlite`, analyses it and writes the report into `directory/report`.
    public static func run(in directory: String) throws -> Result {
        let fm = FileManager.default
        let artifacts = (directory as NSString).appendingPathComponent("artifacts")
        let database = (directory as NSString).appendingPathComponent("incident.sqlite")
        do {
            try fm.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: database + suffix) }
        } catch {
            throw ReportError.unwritable(path: artifacts, reason: error.localizedDescription)
        }
        var paths: [String] = []
        for file in files {
            let path = (artifacts as NSString).appendingPathComponent(file.name)
            do {
                try Data(file.bytes).write(to: URL(fileURLWithPath: path))
            } catch {
                throw ReportError.unwritable(path: path, reason: error.localizedDescription)
            }
            paths.append(path)
        }
        let db = try MemlineDatabase(path: database)
        let summaries = try paths.map { try db.ingest(path: $0) }
        let analysis = try Analysis.run(on: db)
        var options = ReportOptions()
        options.title = "memline demo: a leaking unicorn worker pool"
        options.databaseArgument = database
        let reports = try ReportPipeline.run(
            database: db, options: options, templates: nil,
            out: (directory as NSString).appendingPathComponent("report"),
            format: .both)
        return Result(database: database, artifacts: paths, ingest: summaries, analysis: analysis, reports: reports)
    }
}
