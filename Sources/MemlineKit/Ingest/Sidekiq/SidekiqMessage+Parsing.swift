extension SidekiqMessage {
    /// Parses one Sidekiq message whose time, if any, was printed outside it.
    ///
    /// For log parsers that find Sidekiq lines inside another format, such as Heroku's
    /// `2026-11-22T01:43:17.863+00:00 app[worker.1]: pid=4 tid=e83 class=ImportCsvJob jid=… INFO: start`:
    ///
    /// ```swift
    /// let message = SidekiqMessage.parse("pid=4 tid=e83 class=ImportCsvJob jid=0d50 INFO: start", timestamp: ts)
    /// try tracker.consume(message!, line: line, into: sink)
    /// ```
    /// - Parameters:
    ///   - message: the text from `pid=` (Sidekiq 6/7), the pid (Sidekiq ≤ 5) or `{` (JSON) on.
    ///   - timestamp: the time printed before it; a JSON message's own `ts` wins.
    ///   - zone: how to read a JSON `ts` without an offset.
    /// - Returns: nil when the text is not a Sidekiq message.
    public static func parse(_ message: some StringProtocol, timestamp: Timestamp?, zone: ZoneRule = .utc)
        -> SidekiqMessage?
    {
        var text = String(message)
        return text.withUTF8 { parse(bytes: $0, timestamp: timestamp, zone: zone) }
    }

    /// Parses a whole line of a Sidekiq log file: an optional ISO-8601 time, then the message.
    public static func parse(line: String, zone: ZoneRule = .utc) -> SidekiqMessage? {
        var text = line
        return text.withUTF8 { u in parse(timedBytes: u, timestamp: nil, zone: zone) }
    }

    /// Parses a message that may begin with its own ISO-8601 time (Sidekiq 6/7's default formatter, also when a
    /// platform's log stream prints it after its own stamp); that time wins over `timestamp`.
    static func parse(timedBytes u: UnsafeBufferPointer<UInt8>, timestamp: Timestamp?, zone: ZoneRule)
        -> SidekiqMessage?
    {
        guard let first = u.first, ASCIIScan.isDigit(first),
            let (ts, length) = Timestamp.parseISO(bytes: u, zone: zone), length < u.count,
            u[length] == ASCIIScan.space
        else { return parse(bytes: u, timestamp: timestamp, zone: zone) }
        return parse(bytes: UnsafeBufferPointer(rebasing: u[(length + 1)...]), timestamp: ts, zone: zone)
    }

    /// Whether a line that did not parse still looks like it was meant to be Sidekiq (and so deserves a skip reason).
    static func expectedLayout(of line: String) -> String? {
        var text = line
        return text.withUTF8 { u in
            if u.first == UInt8(ascii: "{") { return "expected a Sidekiq JSON log object with lvl and msg" }
            if ASCIIScan.hasPrefix(u, "pid=") {
                return "expected 'pid=… tid=… [class=… jid=…] LEVEL: message' (Sidekiq 6/7)"
            }
            if let first = u.first, ASCIIScan.isDigit(first),
                let (_, length) = Timestamp.parseISO(bytes: u, zone: .utc), length + 1 < u.count,
                u[length] == ASCIIScan.space
            {
                return "expected 'pid=… tid=… LEVEL: message' (Sidekiq 6/7) or 'PID TID-… LEVEL: message' "
                    + "(Sidekiq ≤ 5) after the time"
            }
            return nil
        }
    }

    static func parse(bytes u: UnsafeBufferPointer<UInt8>, timestamp: Timestamp?, zone: ZoneRule) -> SidekiqMessage? {
        var i = 0
        while i < u.count, ASCIIScan.isSpace(u[i]) { i += 1 }
        guard i < u.count else { return nil }
        let rest = UnsafeBufferPointer(rebasing: u[i...])
        if rest[0] == UInt8(ascii: "{") { return parseJSON(rest, timestamp: timestamp, zone: zone) }
        if ASCIIScan.hasPrefix(rest, "pid=") { return parsePretty(rest, timestamp: timestamp) }
        if ASCIIScan.hasPrefix(rest, "job_class=") { return parseLogfmt(rest, timestamp: timestamp) }
        if ASCIIScan.isDigit(rest[0]) { return parseLegacy(rest, timestamp: timestamp) }
        return nil
    }

    /// The level of a `LEVEL:` word, or nil.
    private static func level(_ u: UnsafeBufferPointer<UInt8>, _ token: Range<Int>) -> String? {
        guard token.count >= 4, u[token.upperBound - 1] == UInt8(ascii: ":") else { return nil }
        let word = token.lowerBound..<token.upperBound - 1
        for name: StaticString in ["INFO", "WARN", "ERROR", "DEBUG", "FATAL", "UNKNOWN", "ANY"]
        where ASCIIScan.equalsIgnoringCase(u, word, name) {
            return name.description
        }
        return nil
    }

    /// The next space-separated word from `i`.
    private static func word(_ u: UnsafeBufferPointer<UInt8>, from i: Int) -> Range<Int>? {
        var s = i
        while s < u.count, u[s] == ASCIIScan.space { s += 1 }
        guard s < u.count else { return nil }
        var e = s
        while e < u.count, u[e] != ASCIIScan.space { e += 1 }
        return s..<e
    }

    /// The message after `LEVEL:` ending at `end`.
    private static func text(_ u: UnsafeBufferPointer<UInt8>, after end: Int) -> String {
        let start = end < u.count && u[end] == ASCIIScan.space ? end + 1 : end
        return ASCIIScan.string(u, start..<u.count)
    }

    /// `pid=19054 tid=fri class=NightlyReportJob jid=2a9b… elapsed=0.301 INFO: fail`
    private static func parsePretty(_ u: UnsafeBufferPointer<UInt8>, timestamp: Timestamp?) -> SidekiqMessage? {
        var message = SidekiqMessage(layout: .pretty, ts: timestamp, pid: nil, tid: nil, level: "", text: "")
        var i = 0
        while let token = word(u, from: i) {
            i = token.upperBound
            if let level = level(u, token) {
                message.level = level
                message.text = text(u, after: i)
                return message.pid == nil ? nil : message
            }
            guard let equals = u[token].firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let key = token.lowerBound..<equals
            let value = equals + 1..<token.upperBound
            if ASCIIScan.equalsIgnoringCase(u, key, "pid") {
                message.pid = ASCIIScan.int(u, value)
            } else if ASCIIScan.equalsIgnoringCase(u, key, "tid") {
                message.tid = ASCIIScan.string(u, value)
            } else if ASCIIScan.equalsIgnoringCase(u, key, "class") {
                message.jobClass = ASCIIScan.string(u, value)
            } else if ASCIIScan.equalsIgnoringCase(u, key, "jid") {
                message.jid = ASCIIScan.string(u, value)
            } else if ASCIIScan.equalsIgnoringCase(u, key, "queue") {
                message.queue = ASCIIScan.string(u, value)
            } else if ASCIIScan.equalsIgnoringCase(u, key, "elapsed") {
                message.elapsedSeconds = ASCIIScan.double(u, value)
            }
        }
        return nil
    }

    /// `job_class=LoyaltyPointsRollupJob jid=9c1… queue=default status=done duration_ms=412`: a run's start or end
    /// when it names the class and a status of start, done or fail (failed, error); nil otherwise.
    private static func parseLogfmt(_ u: UnsafeBufferPointer<UInt8>, timestamp: Timestamp?) -> SidekiqMessage? {
        var message = SidekiqMessage(layout: .logfmt, ts: timestamp, pid: nil, tid: nil, level: "INFO", text: "")
        var i = 0
        while let token = word(u, from: i) {
            i = token.upperBound
            guard let equals = u[token].firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = token.lowerBound..<equals
            let value = equals + 1..<token.upperBound
            if ASCIIScan.equalsIgnoringCase(u, key, "job_class") {
                message.jobClass = ASCIIScan.string(u, value)
            } else if ASCIIScan.equalsIgnoringCase(u, key, "jid") {
                message.jid = ASCIIScan.string(u, value)
            } else if ASCIIScan.equalsIgnoringCase(u, key, "queue") {
                message.queue = ASCIIScan.string(u, value)
            } else if ASCIIScan.equalsIgnoringCase(u, key, "pid") {
                message.pid = ASCIIScan.int(u, value)
            } else if ASCIIScan.equalsIgnoringCase(u, key, "duration_ms") {
                message.elapsedSeconds = ASCIIScan.double(u, value).map { $0 / 1000 }
            } else if ASCIIScan.equalsIgnoringCase(u, key, "status") {
                let status = ASCIIScan.string(u, value).lowercased()
                message.text = ["failed", "error"].contains(status) ? "fail" : status
            }
        }
        return message.jobClass != nil && message.phase != nil ? message : nil
    }

    /// `10 TID-a2kzs SchedulerMasterImport JID-4eb0a53e02c1ddca78ecf95d INFO: done: 0.452 sec`
    private static func parseLegacy(_ u: UnsafeBufferPointer<UInt8>, timestamp: Timestamp?) -> SidekiqMessage? {
        guard let pidWord = word(u, from: 0), let pid = ASCIIScan.int(u, pidWord),
            let tidWord = word(u, from: pidWord.upperBound), ASCIIScan.hasPrefix(u, "TID-", at: tidWord.lowerBound)
        else { return nil }
        let tid = ASCIIScan.string(u, tidWord.lowerBound + 4..<tidWord.upperBound)
        var message = SidekiqMessage(layout: .legacy, ts: timestamp, pid: pid, tid: tid, level: "", text: "")
        var i = tidWord.upperBound
        while let token = word(u, from: i) {
            i = token.upperBound
            if let level = level(u, token) {
                message.level = level
                message.text = text(u, after: i)
                if let phase = message.phase, phase != .start {
                    // `done: 0.452 sec`
                    let parts = message.text.split(separator: " ")
                    if parts.count >= 2 { message.elapsedSeconds = Double(parts[1]) }
                }
                return message
            }
            if ASCIIScan.hasPrefix(u, "JID-", at: token.lowerBound) {
                message.jid = ASCIIScan.string(u, token.lowerBound + 4..<token.upperBound)
            } else if ASCIIScan.hasPrefix(u, "BID-", at: token.lowerBound) {
                continue
            } else if message.jobClass == nil {
                message.jobClass = ASCIIScan.string(u, token)
            }
        }
        return nil
    }

    /// `{"ts":"…","pid":19056,"tid":"fm0","lvl":"INFO","msg":"done","ctx":{"class":"…","jid":"…","elapsed":0.2}}`
    private static func parseJSON(_ u: UnsafeBufferPointer<UInt8>, timestamp: Timestamp?, zone: ZoneRule)
        -> SidekiqMessage?
    {
        typealias Scan = JSONMemberScanner
        func text(_ value: Scan.RawValue) -> String? {
            guard case .string(let range, let escaped) = value else { return nil }
            return JSONMemberScanner.text(u, range, escaped: escaped)
        }
        var message = SidekiqMessage(layout: .json, ts: timestamp, pid: nil, tid: nil, level: "", text: "")
        var hasLevel = false
        var hasText = false
        var context: Range<Int>?
        let ok = Scan.forEachMember(u) { key, _, value in
            if Scan.key(u, key, is: "ts") {
                if case .string(let range, false) = value,
                    let (ts, length) = Timestamp.parseISO(bytes: UnsafeBufferPointer(rebasing: u[range]), zone: zone),
                    length == range.count
                {
                    message.ts = ts
                }
            } else if Scan.key(u, key, is: "pid") {
                if case .number(let pid) = value { message.pid = Int(exactly: pid) }
            } else if Scan.key(u, key, is: "tid") {
                message.tid = text(value)
            } else if Scan.key(u, key, is: "lvl") {
                if let level = text(value) {
                    message.level = level
                    hasLevel = true
                }
            } else if Scan.key(u, key, is: "msg") {
                if let msg = text(value) {
                    message.text = msg
                    hasText = true
                }
            } else if Scan.key(u, key, is: "ctx"), case .object(let range) = value {
                context = range
            }
        }
        guard ok, hasLevel, hasText else { return nil }
        if let context {
            Scan.forEachMember(u, in: context) { key, _, value in
                if Scan.key(u, key, is: "class") {
                    message.jobClass = text(value)
                } else if Scan.key(u, key, is: "jid") {
                    message.jid = text(value)
                } else if Scan.key(u, key, is: "queue") {
                    message.queue = text(value)
                } else if Scan.key(u, key, is: "elapsed") {
                    switch value {
                    case .number(let e): message.elapsedSeconds = e
                    case .string: message.elapsedSeconds = text(value).flatMap(Double.init)
                    default: break
                    }
                }
            }
        }
        return message
    }
}
