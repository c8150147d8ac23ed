import GRDB

/// The report's stages in order: (analysis when stale) → model → templates → files.
public enum ReportPipeline {
    /// Builds and writes the report.
    ///
    /// A report never fails because another memline (`ingest`, `record`) holds the write lock: the analysis it would
    /// refresh is left as it is, and `note` says so. The same holds for a database that cannot be written (a
    /// read-only folder or medium) once it has been analysed.
    /// - Parameter note: told what the report could not do (printed on stderr by the CLI).
    /// - Returns: the paths written.
    /// - Throws: `StoreError.readOnlyNotAnalysed` for a read-only database never analysed, template and file errors.
    public static func run(
        database: MemlineDatabase, options: ReportOptions, templates directory: String?, out: String,
        format: ReportWriter.Format, note: (String) -> Void = { _ in }
    ) throws -> [String] {
        let templates = try ReportTemplates(overrides: directory)
        // The report reads the analysis tables: (re)make them when missing or older than the data, with the
        // thresholds of the last `memline analyze` if there was one.
        if try database.analysisIsStale() {
            try refreshAnalysis(database, note: note)
        }
        let model = try ReportBuilder(database: database, options: options).build()
        return try ReportWriter(templates: templates).write(model, to: out, format: format)
    }

    /// Runs the analysis again; without a write lock or a writable file, the report keeps the last analysis.
    /// - Throws: `StoreError.readOnlyNotAnalysed` when the database cannot be written and was never analysed.
    private static func refreshAnalysis(_ database: MemlineDatabase, note: (String) -> Void) throws {
        let thresholds = try database.analysisThresholds()
        if database.isReadOnly {
            guard thresholds != nil else { throw StoreError.readOnlyNotAnalysed(path: database.path) }
            note(
                "\(database.path) is read-only; the report uses the last analysis, made before the latest files were "
                    + "ingested (run `memline analyze` where it can be written)")
            return
        }
        do {
            _ = try Analysis.run(on: database, thresholds: thresholds ?? AnalysisThresholds())
        } catch let error as DatabaseError where error.isLockBusy {
            note(
                "another memline is writing to \(database.path); the report uses the last analysis as it is "
                    + "(run `memline analyze` when the writer is done)")
        }
    }
}
