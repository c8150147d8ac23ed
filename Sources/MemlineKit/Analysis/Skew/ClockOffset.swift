import Foundation

/// A clock offset typed by a user: `-3s`, `+1500ms`, `2.5s`, `-1m`, `1h`.
///
/// The number is signed (a missing sign is `+`) and needs a unit: `ms`, `s`, `m` or `h`. The value is whole
/// milliseconds, the amount *added* to an artifact's times (`-3s` moves them three seconds earlier).
/// ```swift
/// let offset = try ClockOffset(parsing: "-3s")   // offset.milliseconds == -3000
/// ```
public struct ClockOffset: Sendable, Equatable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Reads an offset typed by a user.
    /// - Throws: `SkewError.badOffset` when the text is not a signed number with a unit.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(suffix: String, ms: Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        guard let unit = units.first(where: { trimmed.hasSuffix($0.suffix) }) else {
            throw SkewError.badOffset(text)
        }
        let number = trimmed.dropLast(unit.suffix.count)
        guard !number.isEmpty, number.allSatisfy({ "+-.0123456789".contains($0) }),
            let value = Double(number), value.isFinite
        else { throw SkewError.badOffset(text) }
        let ms = (value * unit.ms).rounded()
        // Clock skew beyond a week is a wrong date, not a clock; --tz fixes zones.
        guard abs(ms) <= 7 * 86_400_000 else { throw SkewError.offsetTooLarge(text) }
        milliseconds = Int64(ms)
    }

    /// `+1.500 s`, `-3 s`, `+250 ms`: how offsets are printed.
    public var description: String { ClockOffset.format(milliseconds) }

    static func format(_ ms: Int64) -> String {
        let sign = ms < 0 ? "-" : "+"
        let magnitude = ms.magnitude
        if magnitude < 1000 { return "\(sign)\(magnitude) ms" }
        if magnitude % 1000 == 0 { return "\(sign)\(magnitude / 1000) s" }
        let millis = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - millis.count))\(millis) s"
    }

    /// The SQLite date modifier that adds this offset: `+1.500 seconds`.
    var sqliteModifier: String {
        let sign = milliseconds < 0 ? "-" : "+"
        let magnitude = milliseconds.magnitude
        let millis = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - millis.count))\(millis) seconds"
    }
}
