/// The prefix of one Heroku log line, as `heroku logs` prints it or as a log drain receives it.
///
/// Two layouts carry the same four things (time, source, dyno, message):
/// - `heroku logs` / Logplex text: `2024-03-12T09:01:38.730646+00:00 heroku[web.1]: State changed from up to starting`
/// - a log drain's RFC 5424 frame, octet-counted: `335 <134>1 2023-08-24T10:28:47.153192+00:00 host heroku web.1 -
///   source=web.1 …` (length, `<PRI>VERSION`, time, hostname, app-name = source, procid = dyno, msgid `-`, message;
///   Logplex sends no structured data, so the message follows the msgid). The frame length may be missing.
///
/// The source is `heroku` (the platform: router, dyno manager, runtime metrics) or `app` (the app's own
/// output, and `app[api]` for releases and scaling). Offsets are only valid with the parsed buffer.
struct HerokuLine {
    var time: Timestamp
    var source: Range<Int>
    var dyno: Range<Int>
    var messageStart: Int

    /// Reads the prefix at the start of `u`, or nil when the line has none.
    init?(parsing u: UnsafeBufferPointer<UInt8>, zone: ZoneRule) {
        // A frame whose octet count the drain left off starts at its `<PRI>`.
        guard let first = u.first, ASCIIScan.isDigit(first) || first == UInt8(ascii: "<") else { return nil }
        if u.count > 25, u[4] == UInt8(ascii: "-"), let parsed = HerokuLine.text(u, zone: zone) {
            self = parsed
        } else if let parsed = HerokuLine.frame(u, zone: zone) {
            self = parsed
        } else {
            return nil
        }
    }

    private init(time: Timestamp, source: Range<Int>, dyno: Range<Int>, messageStart: Int) {
        self.time = time
        self.source = source
        self.dyno = dyno
        self.messageStart = messageStart
    }

    /// `2024-03-12T09:01:38.730646+00:00 heroku[web.1]: message`
    private static func text(_ u: UnsafeBufferPointer<UInt8>, zone: ZoneRule) -> HerokuLine? {
        guard let (time, length) = Timestamp.parseISO(bytes: u, zone: zone), length < u.count,
            u[length] == ASCIIScan.space
        else { return nil }
        let sourceStart = length + 1
        var i = sourceStart
        while i < u.count, i - sourceStart < 64, isNameByte(u[i]) { i += 1 }
        guard i > sourceStart, i < u.count, u[i] == UInt8(ascii: "[") else { return nil }
        let source = sourceStart..<i
        let dynoStart = i + 1
        i = dynoStart
        while i < u.count, i - dynoStart < 128, u[i] != UInt8(ascii: "]"), u[i] != ASCIIScan.space { i += 1 }
        guard i > dynoStart, i + 1 < u.count, u[i] == UInt8(ascii: "]"), u[i + 1] == UInt8(ascii: ":") else {
            return nil
        }
        let dyno = dynoStart..<i
        var message = i + 2
        if message < u.count, u[message] == ASCIIScan.space { message += 1 }
        return HerokuLine(time: time, source: source, dyno: dyno, messageStart: message)
    }

    /// `335 <134>1 2023-08-24T10:28:47.153192+00:00 host heroku web.1 - message`
    private static func frame(_ u: UnsafeBufferPointer<UInt8>, zone: ZoneRule) -> HerokuLine? {
        var i = 0
        // Optional octet count.
        if ASCIIScan.isDigit(u[0]) {
            while i < u.count, ASCIIScan.isDigit(u[i]) { i += 1 }
            guard i < u.count, u[i] == ASCIIScan.space else { return nil }
            i += 1
        }
        guard i < u.count, u[i] == UInt8(ascii: "<") else { return nil }
        i += 1
        let pri = i
        while i < u.count, ASCIIScan.isDigit(u[i]) { i += 1 }
        guard i > pri, i < u.count, u[i] == UInt8(ascii: ">") else { return nil }
        i += 1
        // Version (1), then a space.
        while i < u.count, ASCIIScan.isDigit(u[i]) { i += 1 }
        guard i < u.count, u[i] == ASCIIScan.space else { return nil }
        i += 1
        guard i < u.count,
            let (time, length) = Timestamp.parseISO(bytes: UnsafeBufferPointer(rebasing: u[i...]), zone: zone)
        else { return nil }
        i += length
        // hostname, app-name, procid, msgid
        var tokens: [Range<Int>] = []
        while tokens.count < 4 {
            guard i < u.count, u[i] == ASCIIScan.space else { return nil }
            i += 1
            let start = i
            while i < u.count, u[i] != ASCIIScan.space { i += 1 }
            guard i > start else { return nil }
            tokens.append(start..<i)
        }
        if i < u.count, u[i] == ASCIIScan.space { i += 1 }
        return HerokuLine(time: time, source: tokens[1], dyno: tokens[2], messageStart: i)
    }

    @inline(__always) private static func isNameByte(_ c: UInt8) -> Bool {
        (c | 0x20) >= 97 && (c | 0x20) <= 122 || ASCIIScan.isDigit(c) || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "_")
    }
}
