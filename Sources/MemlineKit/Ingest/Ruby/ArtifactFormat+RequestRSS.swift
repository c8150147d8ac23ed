extension ArtifactFormat {
    /// Per-request RSS lines written by a Rails `around_filter` into a Ruby Logger file.
    ///
    /// Plain or rotated (`performance.log-20170727`, `.gz`): detection reads content, never the name.
    public static let requestRSS = ArtifactFormat(
        name: "request-rss",
        summary: "per-request RSS lines (CONSUME MEMORY: delta KB, Now: rss KB, URL) in a Ruby Logger file",
        example: "I, [2017-07-26T10:00:01.123456 #7551]  INFO -- : CONSUME MEMORY: 16528KB\tNow: 211704 KB\t"
            + "https://example.com/reports/3386?x=1",
        detect: { head in
            // A line whose CONSUME MEMORY: fields read (not, say, the Ruby source that writes them).
            let found = head.contains { line in
                var text = line
                return text.withUTF8 { u in
                    guard let start = ConsumeMemoryMessage.locate(in: u, from: 0) else { return false }
                    if case .success = ConsumeMemoryMessage.parse(u, at: start) { return true }
                    return false
                }
            }
            return found ? 70 : 0
        },
        makeParser: { RequestRSSParser(context: $0) }
    )
}
