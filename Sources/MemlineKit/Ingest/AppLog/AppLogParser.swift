import Foundation

/// Reads the requests an app's own log reports (`AppRequestLine` after a `StampedLine` time), one row each, at the
/// line's time, which is when the app wrote it: the request's end; and the memory samples it logs as a JSON object
/// (`EmbeddedMemoryStats`).
///
/// Other timed lines are the app's messages, counted and left out; lines without a time continue the entry before
/// (a traceback); a line of neither kind before any entry is skipped with the reason.
struct AppLogParser: TextLineParser {
    let context: ParseContext
    private var entries = 0

    init(context: ParseContext) {
        self.context = context
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let text = line.text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return }
        guard let entry = StampedLine(text, zone: context.zone, near: context.day) else {
            if entries == 0 {
                try sink.skip(
                    line: line.number,
                    reason: "expected a time, then the app's message (`2026-12-07 15:02:50,606 "
                        + "INFO GET /api/quotes/1 status=200 duration=0.5ms`)", text: line.text)
            }
            return
        }
        entries += 1
        if let sample = EmbeddedMemoryStats.sample(
            in: entry.message, at: entry.ts, line: line.number, context: context)
        {
            return try sink.emit(.rssSample(sample))
        }
        guard let request = AppRequestLine(entry.message) else { return }
        var row = Request(line: line.number)
        row.tsEnd = entry.ts
        row.durationMS = request.durationMS
        if let ms = request.durationMS { row.tsStart = entry.ts.adding(milliseconds: -Int64(ms.rounded())) }
        row.host = context.host
        row.pid = request.pid ?? context.pid
        row.method = request.method
        (row.path, row.endpoint) = EndpointNormalizer.split(url: request.path)
        row.status = request.status
        row.bytes = request.bytes
        try sink.emit(.request(row))
    }
}
