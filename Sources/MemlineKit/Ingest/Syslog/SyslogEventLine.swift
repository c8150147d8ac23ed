import Foundation

/// One line of a service log in syslog's layouts: its time, host, program, pid and message.
///
/// | layout | example |
/// |---|---|
/// | BSD syslog, `journalctl` (short) | `Dec  7 05:39:57 claims-node-3 CRON[27367]: (tallow) CMD (…)` |
/// | `journalctl -o short-precise` | `Dec  7 05:39:57.664600 claims-node-3 systemd[1]: Started tallowmere.service.` |
/// | rsyslog high precision, `journalctl -o short-iso` | `2026-12-07T05:39:57.664600-03:00 claims-node-3 CRON[27367]: …` |
/// | a script's own log, no host (then the pid is needed) | `2026-12-07T05:40:20.5-03:00 deploy[3407]: … deployed` |
///
/// BSD times print no year (the caller gives one) and no zone (read in `--tz`); ISO times without an offset too.
struct SyslogEventLine {
    var time: Timestamp
    var host: String?
    var program: String
    var pid: Int?
    var message: String

    /// Reads `text`, or nil when it is not a line of one of the layouts above.
    init?(_ text: String, zone: ZoneRule, year: Int) {
        var rest: Substring
        if let first = text.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
            guard
                let (time, length) = text.utf8.withContiguousStorageIfAvailable({
                    Timestamp.parseISO(bytes: $0, zone: zone)
                }) ?? Array(text.utf8).withUnsafeBufferPointer({ Timestamp.parseISO(bytes: $0, zone: zone) }),
                length >= 19
            else { return nil }
            self.time = time
            rest = text.dropFirst(length)
        } else if let m = text.prefixMatch(of: Self.bsdTime), let month = MonthName.number(m.1) {
            let second = Double(m.5) ?? 0
            let whole = Int(second)
            var time = Timestamp(
                year: year, month: month, day: Int(m.2) ?? 0, hour: Int(m.3) ?? 0, minute: Int(m.4) ?? 0,
                second: whole, zone: zone)
            time = time.adding(milliseconds: Int64(((second - Double(whole)) * 1000).rounded()))
            self.time = time
            rest = text[m.range.upperBound...]
        } else {
            return nil
        }
        // Without a host, the program's [pid] is what tells a syslog tag from a logger's `error:` level.
        guard let tail = rest.wholeMatch(of: Self.tagAndMessage), tail.1 != nil || tail.3 != nil else { return nil }
        host = tail.1.map(String.init)
        program = String(tail.2)
        pid = tail.3.flatMap { Int($0) }
        message = String(tail.4)
    }

    /// `Dec  7 05:39:57` or `Dec  7 05:39:57.664600`.
    nonisolated(unsafe) private static let bsdTime =
        #/([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}(?:\.\d{1,9})?)/#

    /// ` [host ]program[[pid]]: message`: a program is a word of letters, digits and `._-/@`.
    nonisolated(unsafe) private static let tagAndMessage =
        #/ (?:([\w.\-]+) )?([\w.\-/@]+)(?:\[(\d+)\])?: ?(.*)/#
}
