/// Reads a Sidekiq log file (Sidekiq ≤ 5 text, 6/7 pretty text with or without timestamps, 6/7 JSON).
///
/// Lines are parsed by `SidekiqMessage` and paired by `SidekiqJobTracker`. Lines that are not
/// Sidekiq messages (backtraces, the rest of a multi-line exception message, another library's
/// warnings on a merged stderr, logger banners) are passed over; only lines that start like a
/// Sidekiq message but do not parse are skipped with a reason.
///
/// `WithoutTimestamp` lines (Sidekiq 7 when `DYNO` is set) carry no time at all. Their jobs are
/// stored with NULL `ts_start`/`ts_end` but with their `elapsed` duration, and no lifecycle event
/// can be placed; one note in `ingest_errors` (on the first such job line) says so. The file's
/// modification time is not used: it says when the log was last written, not when each job ran.
/// Ingest the Heroku log that prefixes those lines with times to place them.
struct SidekiqParser: TextLineParser {
    static let untimedNote =
        "no timestamp: Sidekiq's WithoutTimestamp formatter (DYNO set) prints none, so jobs from this file are "
        + "stored with NULL ts_start/ts_end (duration kept) and no start/stop events; the row is stored, this is "
        + "a note. Ingest the Heroku log with these lines to get their times"

    let context: ParseContext
    private var tracker: SidekiqJobTracker
    private var notedUntimed = false

    init(context: ParseContext) {
        self.context = context
        self.tracker = SidekiqJobTracker(host: context.host)
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        guard let message = SidekiqMessage.parse(line: line.text, zone: context.zone) else {
            if let expected = SidekiqMessage.expectedLayout(of: line.text) {
                try sink.skip(line: line.number, reason: expected, text: line.text)
            }
            return
        }
        if message.ts == nil, !notedUntimed, message.phase != nil, message.jid != nil {
            notedUntimed = true
            try sink.skip(line: line.number, reason: SidekiqParser.untimedNote, text: line.text)
        }
        try tracker.consume(message, line: line, into: sink)
    }

    mutating func finish(into sink: any RowSink) throws {
        try tracker.finish(into: sink)
    }
}
