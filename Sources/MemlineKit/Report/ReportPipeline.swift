/// The report's stages in order: (analysis when stale) → model → templates → files.
public enum ReportPipeline {
    /// Builds and writes the report.
    /// - Returns: the paths written.
    public static func run(
        database: MemlineDatabase, options: ReportOptions, templates directory: String?, out: String,
        format: ReportWriter.Format
    ) throws -> [String] {
        let templates = try ReportTemplates(overrides: directory)
        // The report reads the analysis tables: make them when `memline analyze` never ran.
        if try database.analysisThresholds() == nil {
            _ = try Analysis.run(on: database)
        }
        let model = try ReportBuilder(database: database, options: options).build()
        return try ReportWriter(templates: templates).write(model, to: out, format: format)
    }
}
