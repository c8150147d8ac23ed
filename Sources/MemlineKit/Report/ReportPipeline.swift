import GRDB

/// The report's stages in order: (analysis when stale) → model → templates → files.
public enum ReportPipeline {
    /// Builds and writes the report.
    ///
    /// A report never fails because another memline (`ingest`, `record`) holds the write lock: the analysis it would
    /// refresh is left as it is, and `note` says so.
    /// - Parameter note: told what the report could not do (printed on stderr by the CLI).
    /// - Returns: the paths written.
    public static func run(
        database: MemlineDatabase, options: ReportOptions, templates directory: String?, out: String,
        format: ReportWriter.Format, note: (String) -> Void = { _ in }
    ) throws -> [String] {
        let templates = try ReportTemplates(overrides: directory)
        // The report reads the analysis tables: (re)make them when missing or older than the data, with the
        // thresholds of the last `memline analyze` if there was one.
        if try database.analysisIsStale() {
            do {
                _ = try Analysis.run(
                    on: database, thresholds: try database.analysisThresholds() ?? AnalysisThresholds())
            } catch let error as DatabaseError where error.isLockBusy {
                note(
                    "another memline is writing to \(database.path); the report uses the last analysis as it is "
                        + "(run `memline analyze` when the writer is done)")
            }
        }
        let model = try ReportBuilder(database: database, options: options).build()
        return try ReportWriter(templates: templates).write(model, to: out, format: format)
    }
}
