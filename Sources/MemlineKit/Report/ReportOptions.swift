/// What `memline report` was asked for.
public struct ReportOptions: Sendable {
    public var title: String?
    public var window = ReportWindow()
    /// The zone times are shown in; UTC unless `--tz`.
    public var zone: ZoneRule = .utc
    /// Show query strings and string values from dumps (`--include-values`); off, they are left out.
    public var includeValues = false
    /// Fixed "generated at" text, so golden tests are stable; nil uses the current time.
    public var generatedAt: String?
    /// The chart's file name beside the Markdown report.
    public var chartFile = "memory.svg"
    /// How many rows each table shows before an "N more" note.
    public var topN = 10
    /// The memline command line that reproduces this report, for the Reproduce section.
    public var databaseArgument = "incident.sqlite"

    public init() {}
}
