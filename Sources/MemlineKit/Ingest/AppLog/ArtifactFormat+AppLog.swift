import Foundation

extension ArtifactFormat {
    /// An app's own log (Python's `logging`, a Node or Go service's text lines) whose lines report requests.
    public static let appLog = ArtifactFormat(
        name: "app-log",
        summary: "an app's own text log whose timed lines report requests in words (`TIME … GET /path … status=200 "
            + "duration=0.5ms`, `… POST /orders -> 201 in 12 ms`): method, path, status, duration, pid= and bytes= "
            + "when printed; memory stats logged as a JSON object (`memstats {\"pid\":1,\"rss_kb\":58216}`) as RSS "
            + "samples; other lines are the app's messages, left out",
        example:
            "2026-12-07 15:02:50,606 INFO [app-1] pid=20778 shop: GET /api/quotes/442946 status=200 duration=0.5ms",
        detect: detectAppLog,
        makeParser: { AppLogParser(context: $0) }
    )

    /// 20 (below every format that knows its log) when most head lines are timed and at least three of them, and a
    /// quarter, report a request or a memory sample.
    @Sendable static func detectAppLog(head: [String]) -> Int {
        var lines = 0
        var timed = 0
        var reported = 0
        let probe = ParseContext(sourceName: "head")
        for text in head {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            lines += 1
            guard let entry = StampedLine(trimmed, zone: .utc, near: nil) else { continue }
            timed += 1
            if AppRequestLine(entry.message) != nil
                || EmbeddedMemoryStats.sample(in: entry.message, at: entry.ts, line: 0, context: probe) != nil
            {
                reported += 1
            }
        }
        guard timed * 2 >= lines, reported >= 3, reported * 4 >= timed else { return 0 }
        return 20
    }
}
