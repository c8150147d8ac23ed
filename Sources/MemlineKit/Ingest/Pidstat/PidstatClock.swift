/// Turns pidstat's bare times of day into instants: the date comes from the banner line, and
/// a time that goes backwards means midnight has passed.
///
/// pidstat prints the date once (`Linux 6.18.44 (vm)  11/22/26  _x86_64_  (2 CPU)`) and only
/// `HH:MM:SS` on its rows, so a report running across midnight goes `23:59:59`, `00:00:00`.
/// A step back of more than five minutes is taken as the next day; a smaller one is a clock
/// adjustment (NTP) and stays on the same day. Intervals longer than 23 h 55 min are not supported.
struct PidstatClock: Sendable {
    /// Steps back up to this many seconds are clock adjustments, not midnight.
    static let adjustmentTolerance = 300

    /// Days since 1970-01-01 of the banner date; nil before any banner.
    private(set) var bannerDay: Int?
    private var dayOffset = 0
    private var lastSecondOfDay: Int?

    /// Starts a new report (a banner line): its date, no roll-over yet.
    mutating func start(year: Int, month: Int, day: Int) {
        bannerDay = Timestamp.daysFromCivil(year: year, month: month, day: day)
        dayOffset = 0
        lastSecondOfDay = nil
    }

    /// Notes a time of day in file order (headers and rows), rolling to the next day when it goes back.
    mutating func advance(to secondOfDay: Int) {
        if let last = lastSecondOfDay, secondOfDay + PidstatClock.adjustmentTolerance < last { dayOffset += 1 }
        lastSecondOfDay = secondOfDay
    }

    /// The instant of `secondOfDay` on the current day, read in `zone`; nil before any banner.
    func timestamp(secondOfDay: Int, zone: ZoneRule) -> Timestamp? {
        guard let bannerDay else { return nil }
        let (y, m, d) = Timestamp.civilFromDays(bannerDay + dayOffset)
        return Timestamp(
            year: y, month: m, day: d, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60, zone: zone)
    }

    /// Reads a banner date: `11/22/26`, `11/22/2026` (`DD/MM` when the first number is over 12),
    /// `2026-11-22` (`S_TIME_FORMAT=ISO`) or `22.11.2026`.
    static func parseDate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let u = Array(text.utf8)
        func number(_ part: ArraySlice<UInt8>) -> Int? {
            guard !part.isEmpty, part.count <= 4, part.allSatisfy(ASCIIScan.isDigit) else { return nil }
            return part.reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        for separator in [UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: ".")] {
            let parts = u.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, let a = number(parts[0]), let b = number(parts[1]), let c = number(parts[2])
            else { continue }
            var result: (year: Int, month: Int, day: Int)
            switch separator {
            case UInt8(ascii: "-"):
                guard parts[0].count == 4 else { return nil }
                result = (a, b, c)
            case UInt8(ascii: "."):
                result = (c, b, a)
            default:
                result = a > 12 ? (c, b, a) : (c, a, b)
            }
            if parts[2].count == 2, separator != UInt8(ascii: "-") { result.year += 2000 }
            guard (1...12).contains(result.month), (1...31).contains(result.day) else { return nil }
            return result
        }
        return nil
    }
}
