extension ArtifactFormat {
    /// Sidekiq logs: job runs paired from `start`/`done`/`fail`, and process start/stop events.
    public static let sidekiq = ArtifactFormat(
        name: "sidekiq",
        summary: "Sidekiq logs (5.x text, 6/7 pretty with or without timestamp, 6/7 JSON): start/done/fail paired "
            + "by jid into jobs with duration, status and exception; boot/shutdown events",
        example: "2026-11-22T01:43:17.863Z pid=19054 tid=fri class=NightlyReportJob jid=2a9b661ffa8a3f8ee91da9ce "
            + "elapsed=0.301 INFO: fail",
        detect: detectSidekiq,
        makeParser: { SidekiqParser(context: $0) }
    )

    /// Claims a head where Sidekiq messages make up a good share of the lines that start like log lines.
    ///
    /// A pretty or legacy line (`pid=… tid=… INFO:`, `PID TID-… INFO:`) or a JSON object with
    /// `lvl`, `msg` and `tid` is an unmistakable signature; backtraces and other programs' lines
    /// around them do not count against it.
    @Sendable static func detectSidekiq(head: [String]) -> Int {
        var matches = 0
        for text in head {
            guard let message = SidekiqMessage.parse(line: text) else { continue }
            if message.layout == .json && message.tid == nil { continue }
            matches += 1
        }
        guard matches > 0 else { return 0 }
        return min(90, 60 + matches)
    }
}
