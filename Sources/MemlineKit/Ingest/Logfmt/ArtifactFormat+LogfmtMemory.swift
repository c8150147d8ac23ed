extension ArtifactFormat {
    /// logfmt memory lines from ad-hoc sampling loops.
    public static let logfmtMemory = ArtifactFormat(
        name: "logfmt-memory",
        summary: "logfmt memory lines from sampling loops (`2026-…Z rss_kb=4324`, `ts=… pid=… rss=17.2MB`, "
            + "`time=… mem_used=…`): a time and a key naming memory make an RSS sample, units from the key or value; "
            + "a line of only a time and a size too",
        example: "ts=2026-12-06T09:11:53.707Z pid=26469 rss=17.2MB",
        detect: detectLogfmtMemory,
        makeParser: { LogfmtMemoryParser(context: $0) }
    )

    /// Claims a head whose lines are mostly samples (a time, leading or `ts=`/`time=`/`timestamp=`, and a memory key)
    /// or a supervisor's lines that a process started, was killed or exited (a time, `msg=started`, its `pid=`).
    @Sendable static func detectLogfmtMemory(head: [String]) -> Int {
        var samples = 0
        var other = 0
        let parser = LogfmtMemoryParser(context: ParseContext(sourceName: "head"))
        for line in head where !line.allSatisfy(\.isWhitespace) {
            if parser.isSampleOrLifecycle(line) { samples += 1 } else { other += 1 }
        }
        return samples >= 2 && samples >= other * 2 ? 35 : 0
    }
}

extension LogfmtMemoryParser {
    /// True when `text` reads as a sample, or as a process's start, kill or exit naming its pid.
    func isSampleOrLifecycle(_ text: String) -> Bool {
        let sink = RowCollector()
        var copy = self
        try? copy.parse(Line(number: 1, text: text), into: sink)
        return !sink.rssSamples.isEmpty || sink.events.contains { $0.pid != nil }
    }
}
