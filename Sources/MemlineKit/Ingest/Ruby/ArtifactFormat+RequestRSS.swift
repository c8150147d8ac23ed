extension ArtifactFormat {
    /// Per-request RSS lines written by a Rails `around_filter` into a Ruby Logger file (seed 000).
    ///
    /// Plain or rotated (`performance.log-20170727`, `.gz`): detection reads content, never the name.
    public static let requestRSS = ArtifactFormat(
        name: "request-rss",
        summary: "per-request RSS lines (CONSUME MEMORY: delta KB, Now: rss KB, URL) in a Ruby Logger file",
        example: "I, [2017-07-26T10:00:01.123456 #7551]  INFO -- : CONSUME MEMORY: 16528KB\tNow: 211704 KB\t"
            + "https://example.com/reports/3386?x=1",
        detect: { head in
            let hits = head.reduce(0) { count, line in
                count + (line.contains("CONSUME MEMORY:") && line.contains("Now:") ? 1 : 0)
            }
            return hits == 0 ? 0 : 70
        },
        makeParser: { RequestRSSParser(context: $0) }
    )
}
