/// The report's stages in order: (analysis when stale) → model → templates → files.
public enum ReportPipeline {
    /// Builds and writes the report.
    /// - Returns: the paths written.
    public static func run(
        database: MemlineDatabase, options: ReportOptions, templates directory: String?, out: String,
        format: ReportWriter.Format
    ) throws -> [String] {
        let templates = try ReportTemplates(overrides: directory)
        // The report reads the analysis tables: (re)make them when missing or older than the data, with the
        // thresholds of the last `memline analyze` if there was one.
        if try database.analysisIsStale() {
            _ = try Analysis.run(on: database, thresholds: try database.analysisThresholds() ?? AnalysisThresholds())
        }
        let model = try ReportBuilder(database: database, options: options).build()
        return try ReportWriter(templates: templates).write(model, to: out, format: format)
    }
}
