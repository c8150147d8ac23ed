import Foundation

extension MemlineDatabase {
    /// Ingests one file (plain or gzip) or `-` for standard input, in one transaction.
    ///
    /// The file lands whole or not at all: any thrown error leaves the database as it was.
    /// ```swift
    /// let summary = try db.ingest(path: "production.log", options: IngestOptions(zone: .utc))
    /// ```
    /// - Returns: what was stored, or that the same content was already there.
    /// - Throws: `IngestError` for unreadable, binary, empty, truncated or unrecognised input.
    public func ingest(path: String, options: IngestOptions = IngestOptions()) throws -> IngestSummary {
        try IngestPipeline(database: self, options: options).run(path: path)
    }

    /// Ingests bytes from any source; `path` and `name` are what the artifact row records.
    public func ingest(
        source raw: any ByteSource, path: String, name: String, modified: Timestamp? = nil, size: Int64? = nil,
        options: IngestOptions = IngestOptions()
    ) throws -> IngestSummary {
        try IngestPipeline(database: self, options: options)
            .run(source: raw, path: path, name: name, modified: modified, size: size)
    }
}
