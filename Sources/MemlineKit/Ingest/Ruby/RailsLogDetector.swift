/// Recognises a Rails log from its first lines.
enum RailsLogDetector {
    /// 75 when a request line (`Started GET "`, `Processing by`, Rails 2 `Processing C#a (for`,
    /// `Completed 200 OK in`, `Completed in`) or an ActiveJob run (`Performed X (Job ID: …)`) is among the first lines, which beats `request-rss` (70)
    /// since the Rails parser also reads `CONSUME MEMORY:` lines; 25 for Ruby Logger lines that only
    /// look like Rails (`Rendered`, `Parameters:`); else 0.
    static func score(_ head: [String]) -> Int {
        var loggerLines = 0
        var railsHints = 0
        for line in head {
            var text = line
            let verdict = text.withUTF8 { u -> Int in
                let logger = RubyLoggerLine(parsing: u)
                var start = logger.bodyStart
                if !logger.hasPrefix, u.count > 20, u[3] == 0x20, let syslog = SyslogPrefix(parsing: u) {
                    start = RubyLoggerLine.tagsEnd(in: u, from: syslog.messageStart)
                }
                if logger.hasPrefix { loggerLines += 1 }
                switch RailsMessage.read(u, at: start, zone: .utc) {
                // An ActiveJob run (`Performed NightlyReportJob (Job ID: …) from Async(reports) in 7959.23ms`) is
                // Rails' own line too: a log of a job process holds nothing else.
                case .started, .processingBy, .processing, .completed, .jobPerformed: return 2
                default: break
                }
                var s = ByteScanner(u, at: start)
                s.skipSpaces()
                if s.matches("Rendered ", at: s.position) || s.matches("Parameters: ", at: s.position) { return 1 }
                return 0
            }
            if verdict == 2 { return 75 }
            railsHints += verdict
        }
        return loggerLines > 0 && railsHints > 0 ? 25 : 0
    }
}
