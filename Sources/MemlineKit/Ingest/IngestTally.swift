/// What one `memline ingest` run did over all its files: its closing lines and whether it succeeded.
///
/// A file found walking a folder that is empty, binary or of no known format is listed as not ingested and does
/// not fail the run; a damaged file of a known format, or a named file memline cannot read, does. A signal ends the
/// run with a line saying which files are stored and which one was rolled back.
///
/// ```swift
/// var tally = IngestTally()
/// tally.landed("logs/a.log")
/// tally.leftOut("logs/app.pid", reason: "unknown format")
/// tally.closingLines  // ["not ingested: logs/app.pid (unknown format)"]
/// ```
public struct IngestTally: Sendable, Equatable {
    /// Files stored, or found already stored, in the order they landed.
    public private(set) var landedPaths: [String] = []
    public private(set) var failedCount = 0
    /// Files found walking a folder and left out, with why.
    public private(set) var notIngested: [NotIngested] = []
    /// The signal that ended the run early, if one did.
    public private(set) var interruption: Interruption?

    public var landedCount: Int { landedPaths.count }

    /// A run ended by a signal: the files it meant to read, and the one rolled back, if one was in flight.
    public struct Interruption: Sendable, Equatable {
        public var signal: Int32
        public var inFlight: String?
        public var total: Int
        /// `--force`: running again stores every file again instead of skipping the stored ones.
        public var force: Bool
    }

    /// A walked file that was not read, and why (`unknown format`, `empty`, `binary`).
    public struct NotIngested: Sendable, Equatable {
        public var path: String
        public var reason: String
    }

    public init() {}

    public mutating func landed(_ path: String) { landedPaths.append(path) }

    public mutating func failed() { failedCount += 1 }

    public mutating func leftOut(_ path: String, reason: String) {
        notIngested.append(NotIngested(path: path, reason: reason))
    }

    /// Records that `signal` ended the run, with `inFlight` rolled back (nil between files), out of `total` files
    /// it was to read; `force` when the run replaces stored copies (`--force`).
    public mutating func interrupted(by signal: Int32, inFlight: String?, total: Int, force: Bool = false) {
        interruption = Interruption(signal: signal, inFlight: inFlight, total: total, force: force)
    }

    /// True when every file memline recognised landed: the run exits 0.
    public var succeeded: Bool { failedCount == 0 && interruption == nil }

    /// 0 when the run succeeded, 128 plus the signal's number when one ended it (130 for SIGINT, 143 for SIGTERM, as
    /// a shell reports a command killed by it), else 1.
    public var exitStatus: Int32 {
        if let interruption { return 128 + interruption.signal }
        return failedCount == 0 ? 0 : 1
    }

    /// Files named in full on the interruption line; more are counted.
    static let namedLimit = 10

    /// `not ingested: app.pid (unknown format), …` and `1 of 6 file(s) failed; …`, the lines that end a run.
    public var closingLines: [String] {
        var lines: [String] = []
        if !notIngested.isEmpty {
            lines.append("not ingested: " + notIngested.map { "\($0.path) (\($0.reason))" }.joined(separator: ", "))
        }
        let attempted = landedCount + failedCount
        if let interruption {
            if failedCount > 0 { lines.append("\(failedCount) file(s) failed before the interruption") }
            lines.append(interruptionLine(interruption))
        } else if failedCount > 0 {
            lines.append("\(failedCount) of \(attempted) file(s) failed; the database holds the others")
        }
        return lines
    }

    /// `interrupted (SIGINT): 3 of 5 files stored (a.log, b.log, c.log); d.log was rolled back; run the same command
    /// again to finish: stored files are skipped`.
    private func interruptionLine(_ interruption: Interruption) -> String {
        var line =
            "interrupted (\(StopSignal.name(of: interruption.signal))): \(landedCount) of \(interruption.total) "
            + "file(s) stored"
        if !landedPaths.isEmpty {
            var names = landedPaths.prefix(Self.namedLimit).joined(separator: ", ")
            if landedCount > Self.namedLimit { names += " and \(landedCount - Self.namedLimit) more" }
            line += " (\(names))"
        }
        if let inFlight = interruption.inFlight { line += "; \(inFlight) was rolled back" }
        line += "; run the same command again to finish"
        if interruption.force {
            line += " (with --force it stores every file again)"
        } else if !landedPaths.isEmpty {
            line += ": stored files are skipped"
        }
        return line
    }
}
