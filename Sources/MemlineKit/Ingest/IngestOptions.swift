/// How `ingest` reads artifacts.
public struct IngestOptions: Sendable {
    /// A format name from `memline formats`; nil detects each file's format from its first lines.
    public var format: String?
    /// Overrides the host of every row (`--host`).
    public var host: String?
    /// The zone of wall-clock times printed without an offset (`--tz`).
    public var zone: ZoneRule = .utc
    /// Replaces an artifact already ingested with the same sha256 (`--force`).
    public var force = false
    /// Refuses a file with any unreadable line (`--strict`).
    public var strict = false
    /// When a heap dump was taken (`--at`); otherwise read from its file name, else its mtime.
    public var at: Timestamp?
    /// The label of a heap dump (`--label`); otherwise its file name without extensions.
    public var label: String?
    /// Added to every stored time of each file (`--clock-offset`): its clock was this far off.
    public var clockOffset: ClockOffset?
    /// Stores every entry of a runtime log as a `message` event, not only the ones that are events (`--messages`).
    public var keepMessages = false
    /// The incident's day (days since 1970-01-01), for files that print only the time of day (`IncidentDay`).
    public var day: Int?
    /// The process a capture that names none belongs to (`IncidentProcess`).
    public var pid: Int?
    /// Called now and then during a long ingest, from the ingesting thread.
    public var progress: (@Sendable (IngestProgress) -> Void)?
    /// Asked at each chunk read and before the commit: once it has fired, the file in flight is rolled back
    /// (`IngestError.interrupted`) and what is committed stays.
    public var stop: StopSignal?

    public init(
        format: String? = nil, host: String? = nil, zone: ZoneRule = .utc, force: Bool = false, strict: Bool = false
    ) {
        self.format = format
        self.host = host
        self.zone = zone
        self.force = force
        self.strict = strict
    }
}

/// How far the current artifact has been read.
public struct IngestProgress: Sendable {
    public var name: String
    public var lines: Int
    public var bytesRead: Int64
    /// The file's size on disk, unknown for standard input.
    public var totalBytes: Int64?
}
