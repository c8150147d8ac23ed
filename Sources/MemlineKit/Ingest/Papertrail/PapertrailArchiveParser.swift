import Foundation

/// Reads a Papertrail archive (`2024-03-12.tsv.gz` daily or `2024-03-12-09.tsv.gz` hourly, gzip handled by the
/// pipeline): one message per line, ten tab-separated fields
/// `id generated_at received_at source_id source_name source_ip facility_name severity_name program message`
/// (https://help.papertrailapp.com/kb/how-it-works/permanent-log-archives/).
///
/// **Time.** `generated_at`, the sender's own time (for Heroku, the Logplex time of the line), read as ISO-8601
/// with or without an offset (`2011-02-10 00:19:36 -0800`, `2014-09-02T15:22:44`); one printed without an
/// offset is read in `--tz` (default UTC: Papertrail archives run midnight to midnight UTC). When it does not
/// parse, `received_at` is used.
///
/// **Messages.** `program` says who wrote the message:
/// - `heroku/router`, `heroku/web.1`, `app/web.2`, `app/api`, `app/worker.1` (a Heroku app's drain): source
///   and dyno before and after the `/`, and the message goes through the same `HerokuStream` as a `heroku logs`
///   file (router requests, runtime metrics, R14 and lifecycle events, Rails and Sidekiq per dyno);
/// - `kernel` (a server's syslog): the kernel's OOM-killer lines (`KernelOOMTracker`), host = `source_name`;
/// - any other program: the app path of `HerokuStream` (Rails, Sidekiq, worker killers) keyed by
///   `source_name`, which is the host.
///
/// A line with fewer than ten fields, or whose times both fail to parse, is skipped with the reason.
struct PapertrailArchiveParser: LineParser {
    private var stream: HerokuStream
    private var kernel: [String: KernelOOMTracker] = [:]
    private let context: ParseContext
    private var names = InternedNames()
    /// The current row's field ranges, its storage reused from row to row.
    private var fields: [Range<Int>] = []

    init(context: ParseContext) {
        self.context = context
        stream = HerokuStream(context: context)
    }

    mutating func parse(bytes u: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        let line = LineBytes(number: number, bytes: u)
        if ASCIIScan.trimmed(u, 0..<u.count).isEmpty { return }
        guard PapertrailArchiveParser.fields(u, into: &fields) else {
            try sink.skip(
                line: number,
                reason: "expected 10 tab-separated Papertrail fields (id, generated_at, received_at, source_id, "
                    + "source_name, source_ip, facility, severity, program, message)", text: line.text)
            return
        }
        guard
            let time = PapertrailArchiveParser.time(u, fields[1], zone: context.zone)
                ?? PapertrailArchiveParser.time(u, fields[2], zone: context.zone)
        else {
            try sink.skip(
                line: number, reason: "expected an ISO-8601 generated_at or received_at (`2011-02-10 00:19:36 -0800`)",
                text: line.text)
            return
        }
        let program = fields[8]
        let messageStart = fields[9].lowerBound
        if let slash = program.first(where: { u[$0] == UInt8(ascii: "/") }) {
            let source = program.lowerBound..<slash
            let isHeroku = source.count == 6 && ASCIIScan.hasPrefix(u, "heroku", at: source.lowerBound)
            if isHeroku || (source.count == 3 && ASCIIScan.hasPrefix(u, "app", at: source.lowerBound)) {
                try stream.handle(
                    u, messageStart: messageStart, source: isHeroku ? "heroku" : "app",
                    dyno: names.name(u, (slash + 1)..<program.upperBound), time: time, line: line, into: sink)
                return
            }
        }
        let sourceName = names.name(u, fields[4])
        if ASCIIScan.equalsIgnoringCase(u, program, "kernel") {
            var tracker = kernel.removeValue(forKey: sourceName) ?? KernelOOMTracker(host: context.host ?? sourceName)
            try tracker.consume(UnsafeBufferPointer(rebasing: u[messageStart...]), time: time, line: number, into: sink)
            kernel[sourceName] = tracker
            return
        }
        try stream.appLine(
            u, messageStart: messageStart, dyno: sourceName, time: time, line: line, into: sink, joiningRouter: false)
    }

    mutating func finish(into sink: any RowSink) throws {
        try stream.finish(into: sink)
        for name in kernel.keys.sorted() {
            guard var tracker = kernel[name] else { continue }
            try tracker.finish(into: sink)
            kernel[name] = tracker
        }
    }

    /// The ten fields' byte ranges (the message is the rest of the line, tabs included), or nil.
    static func fields(_ u: UnsafeBufferPointer<UInt8>) -> [Range<Int>]? {
        var result: [Range<Int>] = []
        return fields(u, into: &result) ? result : nil
    }

    /// As `fields(_:)`, into `result` (emptied first, its storage reused from line to line); false when the line
    /// is not an archive row.
    static func fields(_ u: UnsafeBufferPointer<UInt8>, into result: inout [Range<Int>]) -> Bool {
        result.removeAll(keepingCapacity: true)
        guard let base = u.baseAddress else { return false }
        var start = 0
        while result.count < 9, start <= u.count {
            guard let tab = memchr(base + start, Int32(ASCIIScan.tab), u.count - start) else { return false }
            let end = UnsafeRawPointer(tab) - UnsafeRawPointer(base)
            result.append(start..<end)
            start = end + 1
        }
        result.append(start..<u.count)
        // The id: digits only (Papertrail's are 18-19 digits, beyond what `Int` parsing here takes).
        guard !result[0].isEmpty, result[0].allSatisfy({ ASCIIScan.isDigit(u[$0]) }) else { return false }
        return true
    }

    static func time(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, zone: ZoneRule) -> Timestamp? {
        guard !range.isEmpty,
            let (time, length) = Timestamp.parseISO(bytes: UnsafeBufferPointer(rebasing: u[range]), zone: zone),
            length == range.count
        else { return nil }
        return time
    }
}
