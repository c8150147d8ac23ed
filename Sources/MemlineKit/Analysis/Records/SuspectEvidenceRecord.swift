import GRDB

/// A row of `suspect_evidence`: one file and line behind a suspect.
public struct SuspectEvidenceRecord: Decodable, FetchableRecord, Sendable, Equatable {
    public var id: Int64
    public var suspectID: Int64
    public var ordinal: Int
    public var label: String
    public var artifactID: Int64?
    public var file: String?
    public var line: Int?
    public var lineEnd: Int?
    public var ts: String?
    public var value: String?

    /// `performance.log:1234` or `sidekiq.log:10-12`.
    public var location: String {
        guard let file else { return "-" }
        guard let line else { return file }
        if let lineEnd, lineEnd != line { return "\(file):\(line)-\(lineEnd)" }
        return "\(file):\(line)"
    }

    enum CodingKeys: String, CodingKey {
        case id, ordinal, label, file, line, ts, value
        case suspectID = "suspect_id"
        case artifactID = "artifact_id"
        case lineEnd = "line_end"
    }
}
