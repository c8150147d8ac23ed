/// The lines of a Rails log that matter to memline, read from their message bytes (after any Logger or
/// syslog prefix and `[tag] ` groups).
///
/// | message | Rails |
/// |---|---|
/// | `Started GET "/login" for 127.0.0.1 at 2024-12-15 22:40:07 +0900` | 3.0+ |
/// | `Processing by SessionsController#new as HTML` | 3.0+ |
/// | `Completed 200 OK in 24ms (Views: 21.9ms \| ActiveRecord: 0.0ms \| Allocations: 9931)` | 3.1+ |
/// | `Completed in 9ms (Views: 4.9ms \| ActiveRecord: 0.5ms) with 200` | 3.0 |
/// | `Processing PageController#demo (for 127.0.0.1 at 2008-12-10 16:28:09) [GET]` | 1.x, 2.x |
/// | `Completed in 614ms (View: 120, DB: 31) \| 200 OK [http://www.example.com/demo]` | 2.2+ |
/// | `Completed in 0.22699 (4 reqs/sec) \| Rendering: 0.02667 (11%) \| DB: 0.03057 (13%) \| 200 OK [url]` | 1.x–2.1 |
/// | `Memory usage: 400000 \| PID: 67783` | oink plugin |
/// | `ActionController::RoutingError (No route matches [GET] "/x"):` | 3.2+ (no `Completed` follows) |
/// | `CONSUME MEMORY: 16528KB\tNow: 211704 KB\tURL` | a Rails around-filter logging per-request RSS into the Rails log |
enum RailsMessage {
    case started(Started)
    case processingBy(ProcessingBy)
    case processing(Processing)
    case completed(Completed)
    case oink(rssKB: Double, pid: Int?)
    case routingError(pathRange: Range<Int>?)
    case consumeMemory(ConsumeMemoryMessage)
    /// ActiveJob's `Performed SiteDigestJob (Job ID: …) from Async(default) in 55.02ms` (or `Error performing …`).
    case jobPerformed(JobPerformed)
    /// A line that looks like one of the above but cannot be read.
    case unreadable(reason: String)

    struct Started {
        var method: Range<Int>
        var path: Range<Int>
        var remoteIP: Range<Int>?
        var time: Timestamp?
    }

    struct ProcessingBy {
        var action: Range<Int>
        var format: Range<Int>?
    }

    /// Rails 1.x/2.x: the line that starts a request.
    struct Processing {
        var action: Range<Int>
        var format: Range<Int>?
        var remoteIP: Range<Int>?
        var time: Timestamp?
        var method: Range<Int>?
    }

    /// One ActiveJob run, logged when it ended: the class, the job id, the adapter's queue and how long it took.
    struct JobPerformed {
        var jobClass: Range<Int>
        var jobID: Range<Int>?
        var queue: Range<Int>?
        var durationMS: Double?
        var failed: Bool
    }

    struct Completed {
        var status: Int
        var durationMS: Double?
        var viewMS: Double?
        var dbMS: Double?
        var allocations: Int?
        /// Rails 1.x/2.x print the URL at the end: `[http://host/path]`.
        var url: Range<Int>?
    }

    /// `SiteDigestJob (Job ID: e497…) from Async(default) in 55.02ms`, after `Performed ` or `Error performing `;
    /// nil when the class is not followed by the job id (another message that starts with the same word).
    static func jobPerformed(_ s: inout ByteScanner, failed: Bool) -> RailsMessage? {
        let start = s.position
        guard let idMark = s.find(" (Job ID: ", from: start), idMark > start else { return nil }
        let jobClass = start..<idMark
        guard !s.bytes[jobClass].contains(0x20) else { return nil }
        var job = JobPerformed(jobClass: jobClass, failed: failed)
        let idStart = idMark + 10
        if let close = s.find(byte: UInt8(ascii: ")"), from: idStart) {
            job.jobID = idStart..<close
            if let open = s.find(" from ", from: close), let paren = s.find(byte: UInt8(ascii: "("), from: open),
                let end = s.find(byte: UInt8(ascii: ")"), from: paren)
            {
                job.queue = (paren + 1)..<end
            }
            if let inMark = s.find(" in ", from: close) {
                s.position = inMark + 4
                job.durationMS = s.readDecimal()
                if job.durationMS != nil, !s.skip("ms") { job.durationMS = nil }
            }
        }
        return .jobPerformed(job)
    }

    /// Reads the message starting at `start`; nil for every line memline does not need (SQL, renders…).
    static func read(_ u: UnsafeBufferPointer<UInt8>, at start: Int, zone: ZoneRule) -> RailsMessage? {
        var s = ByteScanner(u, at: start)
        s.skipSpaces()
        guard let first = s.current else { return nil }
        switch first {
        case UInt8(ascii: "S"):
            guard s.skip("Started ") else { return nil }
            return started(&s, zone: zone)
        case UInt8(ascii: "P"):
            if s.skip("Performed ") { return jobPerformed(&s, failed: false) }
            if s.skip("Processing by ") { return processingBy(&s) }
            guard s.skip("Processing ") else { return nil }
            return processing(&s, zone: zone)
        case UInt8(ascii: "C"):
            if s.skip("Completed ") { return completed(&s) }
            if s.matches("CONSUME MEMORY:", at: s.position) {
                switch ConsumeMemoryMessage.parse(u, at: s.position) {
                case .success(let message): return .consumeMemory(message)
                case .failure(let failure): return .unreadable(reason: failure.reason)
                }
            }
            return nil
        case UInt8(ascii: "E"):
            guard s.skip("Error performing ") else { return nil }
            return jobPerformed(&s, failed: true)
        case UInt8(ascii: "M"):
            guard s.skip("Memory usage: ") else { return nil }
            guard let rss = s.readDecimal() else {
                return .unreadable(reason: "expected the oink line `Memory usage: <KB> | PID: <pid>`")
            }
            s.skipSpaces()
            var pid: Int?
            if s.skip("| PID: ") || s.skip("|PID: ") { pid = s.readInt() }
            return .oink(rssKB: rss, pid: pid)
        case UInt8(ascii: "A"):
            guard s.skip("ActionController::RoutingError (No route matches ") else { return nil }
            // `[GET] "/x"):` (3.2+) or `"/x" with {:method=>:get}):` (3.0, 3.1).
            guard let open = s.find(byte: UInt8(ascii: "\"")),
                let close = s.find(byte: UInt8(ascii: "\""), from: open + 1)
            else { return .routingError(pathRange: nil) }
            return .routingError(pathRange: (open + 1)..<close)
        default:
            return nil
        }
    }

    private static func started(_ s: inout ByteScanner, zone: ZoneRule) -> RailsMessage {
        let failure = RailsMessage.unreadable(
            reason: "expected `Started METHOD \"/path\" for IP at TIME` (Rails 3+ request start)")
        let methodStart = s.position
        while let c = s.current, c >= UInt8(ascii: "A"), c <= UInt8(ascii: "Z") { s.position += 1 }
        let method = methodStart..<s.position
        guard !method.isEmpty, s.skip(" \"") else { return failure }
        let pathStart = s.position
        var remoteIP: Range<Int>?
        var time: Timestamp?
        let pathEnd: Int
        if let forAt = s.find("\" for ") {
            pathEnd = forAt
            s.position = forAt + 6
            let ipStart = s.position
            let at = s.find(" at ") ?? s.bytes.count
            remoteIP = s.trimmed(ipStart..<at)
            if at + 4 < s.bytes.count {
                let rest = UnsafeBufferPointer(rebasing: s.bytes[(at + 4)...])
                time = Timestamp.parseISO(bytes: rest, zone: zone)?.timestamp ?? ruby18Time(rest, zone: zone)
            }
        } else {
            // No `for`: the path runs to the last quote.
            var end = s.bytes.count - 1
            while end > pathStart, s.bytes[end] != UInt8(ascii: "\"") { end -= 1 }
            guard end > pathStart else { return failure }
            pathEnd = end
        }
        return .started(Started(method: method, path: pathStart..<pathEnd, remoteIP: remoteIP, time: time))
    }

    private static func processingBy(_ s: inout ByteScanner) -> RailsMessage {
        let start = s.position
        let asAt = s.find(" as ")
        let action = s.trimmed(start..<(asAt ?? s.bytes.count))
        guard !action.isEmpty else {
            return .unreadable(reason: "expected `Processing by Controller#action as FORMAT`")
        }
        let format = asAt.map { s.trimmed(($0 + 4)..<s.bytes.count) }
        return .processingBy(ProcessingBy(action: action, format: format?.isEmpty == false ? format : nil))
    }

    private static func processing(_ s: inout ByteScanner, zone: ZoneRule) -> RailsMessage {
        let start = s.position
        while let c = s.current, c != 0x20 { s.position += 1 }
        let action = start..<s.position
        guard !action.isEmpty, s.bytes[start] >= UInt8(ascii: "A"), s.bytes[start] <= UInt8(ascii: "Z") else {
            return .unreadable(reason: "expected `Processing Controller#action (for IP at TIME) [METHOD]` (Rails 1/2)")
        }
        var result = Processing(action: action, format: nil, remoteIP: nil, time: nil, method: nil)
        s.skipSpaces()
        if s.skip("to ") {
            let formatStart = s.position
            while let c = s.current, c != 0x20 { s.position += 1 }
            result.format = formatStart..<s.position
            s.skipSpaces()
        }
        if s.skip("(for ") {
            let ipStart = s.position
            let close = s.find(byte: UInt8(ascii: ")")) ?? s.bytes.count
            let at = s.find(" at ", before: close) ?? close
            result.remoteIP = s.trimmed(ipStart..<at)
            if at + 4 < close {
                let rest = UnsafeBufferPointer(rebasing: s.bytes[(at + 4)..<close])
                result.time = Timestamp.parseISO(bytes: rest, zone: zone)?.timestamp
            }
            s.position = min(close + 1, s.bytes.count)
            s.skipSpaces()
        }
        if s.skip(byte: UInt8(ascii: "[")), let close = s.find(byte: UInt8(ascii: "]")) {
            result.method = s.position..<close
        }
        return .processing(result)
    }

    private static func completed(_ s: inout ByteScanner) -> RailsMessage {
        var status: Int?
        if let c = s.current, c >= 48, c <= 57 {
            status = s.readInt()
            // `Completed 200 OK in 24ms`; without ` in ` there is no duration to read.
            s.position = s.find(" in ").map { $0 + 4 } ?? s.bytes.count
        } else {
            s.skipSpaces()
            guard s.skip("in ") else {
                return .unreadable(reason: "expected `Completed 200 OK in 12ms` or `Completed in 12ms … | 200 OK`")
            }
        }
        var result = Completed(status: 0)
        var seconds = false
        if let duration = s.readDecimal() {
            if s.skip("ms") {
                result.durationMS = duration
            } else {
                seconds = true
                result.durationMS = milliseconds(fromSeconds: duration)
            }
        }
        readDetails(&s, seconds: seconds, into: &result)
        if status == nil { status = trailingStatus(s, url: &result.url) }
        guard let status else {
            return .unreadable(
                reason: "Completed line without a readable HTTP status (expected `Completed 200 OK in …`, "
                    + "`… | 200 OK [url]` or `… with 200`)")
        }
        guard (100...999).contains(status) else {
            return .unreadable(reason: "Completed line with an HTTP status out of range: \(status)")
        }
        result.status = status
        return .completed(result)
    }

    /// Reads `Views:`/`View:`/`Rendering:`, `ActiveRecord:`/`DB:` and `Allocations:` wherever they appear.
    private static func readDetails(_ s: inout ByteScanner, seconds: Bool, into result: inout Completed) {
        var i = s.position
        let u = s.bytes
        while i < u.count {
            let c = u[i]
            var key = 0
            var skip = 0
            if c == UInt8(ascii: "V") {
                if s.matches("Views: ", at: i) {
                    key = 1
                    skip = 7
                } else if s.matches("View: ", at: i) {
                    key = 1
                    skip = 6
                }
            } else if c == UInt8(ascii: "R"), s.matches("Rendering: ", at: i) {
                key = 1
                skip = 11
            } else if c == UInt8(ascii: "A") {
                if s.matches("ActiveRecord: ", at: i) {
                    key = 2
                    skip = 14
                } else if s.matches("Allocations: ", at: i) {
                    key = 3
                    skip = 13
                }
            } else if c == UInt8(ascii: "D"), s.matches("DB: ", at: i) {
                key = 2
                skip = 4
            }
            guard key > 0 else {
                i += 1
                continue
            }
            var value = ByteScanner(u, at: i + skip)
            if let number = value.readDecimal() {
                if key == 3 {
                    result.allocations = number.checkedInt
                } else {
                    let ms = value.skip("ms") || !seconds ? number : milliseconds(fromSeconds: number)
                    if key == 1 { result.viewMS = ms } else { result.dbMS = ms }
                }
            }
            i = value.position + 1
        }
    }

    /// The status of Rails 1.x/2.x (`| 200 OK [url]`) or 3.0 (`with 200`), and the URL when printed.
    private static func trailingStatus(_ s: ByteScanner, url: inout Range<Int>?) -> Int? {
        let u = s.bytes
        var i = u.count - 1
        while i >= s.position {
            var numberStart: Int?
            var isPipe = false
            if u[i] == UInt8(ascii: "|"), s.matches("| ", at: i) {
                numberStart = i + 2
                isPipe = true
            } else if u[i] == UInt8(ascii: "w"), s.matches("with ", at: i) {
                numberStart = i + 5
            }
            if let numberStart {
                var n = ByteScanner(u, at: numberStart)
                if let status = n.readInt(), n.position - numberStart == 3, n.isAtEnd || n.current == 0x20 {
                    if isPipe, u[u.count - 1] == UInt8(ascii: "]"),
                        let open = s.find(byte: UInt8(ascii: "["), from: n.position)
                    {
                        let range = s.trimmed((open + 1)..<(u.count - 1))
                        if !range.isEmpty { url = range }
                    }
                    return status
                }
            }
            i -= 1
        }
        return nil
    }

    /// Ruby 1.8's `Time#to_s`, which Rails 3.0 on Ruby 1.8 prints: `Thu Feb 25 16:15:18 +0100 2010`.
    static func ruby18Time(_ u: UnsafeBufferPointer<UInt8>, zone: ZoneRule) -> Timestamp? {
        guard u.count >= 24, u[3] == 0x20, let month = SyslogPrefix.month(u[4], u[5], u[6]) else { return nil }
        var s = ByteScanner(u, at: 7)
        s.skipSpaces()
        guard let day = s.readInt(), s.skip(byte: 0x20), let hour = s.readInt(), s.skip(byte: UInt8(ascii: ":")),
            let minute = s.readInt(), s.skip(byte: UInt8(ascii: ":")), let second = s.readInt(), s.skip(byte: 0x20)
        else { return nil }
        var offset: Int?
        if let sign = s.current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            let start = s.position
            s.position += 1
            guard let hhmm = s.readInt(), s.position - start == 5, s.skip(byte: 0x20) else { return nil }
            offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hhmm / 100 * 3600 + hhmm % 100 * 60)
        } else if s.skip("UTC ") {
            offset = 0
        }
        guard let year = s.readInt(), year > 1900 else { return nil }
        return Timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, utcOffsetSeconds: offset,
            zone: zone)
    }

    /// Seconds as printed by Rails 1.x (`0.22699`) in milliseconds, without binary noise (226.99).
    private static func milliseconds(fromSeconds seconds: Double) -> Double {
        (seconds * 1_000_000).rounded() / 1000
    }
}
