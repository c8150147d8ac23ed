/// Reads a Heroku log: `heroku logs` output (`2024-03-12T09:01:38.730646+00:00 heroku[web.1]: …`) or a log
/// drain's RFC 5424 frames (`335 <134>1 2023-08-24T10:28:47.153192+00:00 host heroku web.1 - …`), in any mix.
///
/// Every line's message goes to a `HerokuStream` (see there for what becomes which row). Blank lines are
/// passed over; a line without a Heroku prefix is skipped with the expected layout, since `heroku logs`
/// prefixes every line, even each line of a multi-line app message.
struct HerokuLogParser: LineParser {
    private var stream: HerokuStream
    private var dynos = InternedNames()

    init(context: ParseContext) {
        stream = HerokuStream(context: context)
    }

    mutating func parse(bytes u: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        let line = LineBytes(number: number, bytes: u)
        guard let prefix = HerokuLine(parsing: u, zone: stream.context.zone) else {
            if ASCIIScan.trimmed(u, 0..<u.count).isEmpty { return }
            try sink.skip(
                line: number,
                reason: "expected a Heroku log line `2024-03-12T09:01:38.730646+00:00 heroku[web.1]: message` "
                    + "or a drain frame `335 <134>1 2024-03-12T09:01:38+00:00 host heroku web.1 - message`",
                text: line.text)
            return
        }
        let isHeroku = prefix.source.count == 6 && ASCIIScan.hasPrefix(u, "heroku", at: prefix.source.lowerBound)
        let source: Substring = isHeroku ? "heroku" : "app"
        try stream.handle(
            u, messageStart: prefix.messageStart, source: source, dyno: dynos.name(u, prefix.dyno),
            time: prefix.time, line: line, into: sink)
    }

    mutating func finish(into sink: any RowSink) throws {
        try stream.finish(into: sink)
    }
}
