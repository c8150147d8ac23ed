/// Recognises a lograge log from its first lines.
enum LogrageDetector {
    /// 80 when lograge request lines (`LogrageLine`, after an optional Ruby Logger or syslog prefix, tags or a
    /// leading time) make up at least a quarter of the non-blank head lines, which beats `rails` (75) for a
    /// log of mostly lograge lines; 40 for fewer (a classic Rails log with a stray lograge line stays `rails`);
    /// else 0. Lines that start like lograge but cannot be read count toward the quarter once one line could be
    /// read (they are what a lograge log holds), never alone (`method=GET` in prose is not a log).
    static func score(_ head: [String]) -> Int {
        var lograge = 0
        var readable = 0
        var lines = 0
        for line in head {
            var text = line
            let found = text.withUTF8 { u -> Bool in
                guard !ASCIIScan.trimmed(u, 0..<u.count).isEmpty else { return false }
                lines += 1
                let logger = RubyLoggerLine(parsing: u)
                var start = logger.bodyStart
                if !logger.hasPrefix, u.count > 20, u[3] == 0x20, let syslog = SyslogPrefix(parsing: u) {
                    start = RubyLoggerLine.tagsEnd(in: u, from: syslog.messageStart)
                }
                switch LogrageLine.read(u, at: start, zone: .utc) {
                case .line: readable += 1
                case .unreadable: break
                case nil: return false
                }
                return true
            }
            if found { lograge += 1 }
        }
        guard readable > 0 else { return 0 }
        return lograge * 4 >= lines ? 80 : 40
    }
}
