extension ArtifactFormat {
    /// Heroku logs (`heroku logs`, log drains): router requests, runtime metrics, R14/R15/R10 and dyno
    /// lifecycle events, releases, and the app's own Rails and Sidekiq lines.
    public static let heroku = ArtifactFormat(
        name: "heroku",
        summary: "Heroku logs (`heroku logs` or drain frames): router lines → requests (joined with the app's Rails "
            + "lines by request id), runtime metrics → rss_samples, R14/R15/R10/restarts/releases/scaling → events, "
            + "app[web.N] Rails and app[worker.N] Sidekiq lines per dyno",
        example: "2024-03-12T09:04:17.431940+00:00 heroku[web.2]: Error R14 (Memory quota exceeded)",
        detect: detectHeroku,
        makeParser: { HerokuLogParser(context: $0) }
    )

    /// 95 when most non-blank lines of the head carry a Heroku prefix (an unmistakable signature), 60 when
    /// only some do (a log with a pasted preamble), else 0.
    @Sendable static func detectHeroku(head: [String]) -> Int {
        var heroku = 0
        var nonBlank = 0
        for line in head {
            var text = line
            let verdict = text.withUTF8 { u -> Int in
                if ASCIIScan.trimmed(u, 0..<u.count).isEmpty { return -1 }
                // A dyno is a name (web.1, router, api); a number there is a syslog program's pid (`deploy[3407]:`).
                guard let line = HerokuLine(parsing: u, zone: .utc),
                    !line.dyno.allSatisfy({ ASCIIScan.isDigit(u[$0]) })
                else { return 0 }
                return 1
            }
            if verdict < 0 { continue }
            nonBlank += 1
            heroku += verdict
        }
        guard heroku > 0 else { return 0 }
        return heroku * 2 >= nonBlank ? 95 : 60
    }
}
