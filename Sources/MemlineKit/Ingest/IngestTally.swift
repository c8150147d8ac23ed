/// What one `memline ingest` run did over all its files: its closing lines and whether it succeeded.
///
/// A file found walking a folder that is empty, binary or of no known format is listed as not ingested and does
/// not fail the run; a damaged file of a known format, or a named file memline cannot read, does.
///
/// ```swift
/// var tally = IngestTally()
/// tally.landed()
/// tally.leftOut("logs/app.pid", reason: "unknown format")
/// tally.closingLines  // ["not ingested: logs/app.pid (unknown format)"]
/// ```
public struct IngestTally: Sendable, Equatable {
    /// Files stored, or found already stored.
    public private(set) var landedCount = 0
    public private(set) var failedCount = 0
    /// Files found walking a folder and left out, with why.
    public private(set) var notIngested: [NotIngested] = []

    /// A walked file that was not read, and why (`unknown format`, `empty`, `binary`).
    public struct NotIngested: Sendable, Equatable {
        public var path: String
        public var reason: String
    }

    public init() {}

    public mutating func landed() { landedCount += 1 }

    public mutating func failed() { failedCount += 1 }

    public mutating func leftOut(_ path: String, reason: String) {
        notIngested.append(NotIngested(path: path, reason: reason))
    }

    /// True when every file memline recognised landed: the run exits 0.
    public var succeeded: Bool { failedCount == 0 }

    /// `not ingested: app.pid (unknown format), …` and `1 of 6 file(s) failed; …`, the lines that end a run.
    public var closingLines: [String] {
        var lines: [String] = []
        if !notIngested.isEmpty {
            lines.append("not ingested: " + notIngested.map { "\($0.path) (\($0.reason))" }.joined(separator: ", "))
        }
        let attempted = landedCount + failedCount
        if failedCount > 0 {
            lines.append("\(failedCount) of \(attempted) file(s) failed; the database holds the others")
        }
        return lines
    }
}
