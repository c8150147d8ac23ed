/// Decides, per file, whether Apache's bare integer duration is `%D` (microseconds) or `%T` (seconds).
///
/// One line cannot tell: `5` may be a 5 s request or a 5 µs one. A file can: no request through a real server
/// takes 0 µs, so a `0` means seconds (`%T` of a sub-second request); a value above a day (86 400) means
/// microseconds. Until one of those is seen, rows wait (at most `limit`); then, or at the end, values all
/// below 100 mean seconds (a server answering every request in under 100 µs is rarer than a file of slow
/// requests), else microseconds.
struct DurationUnitGuess {
    enum Unit: Equatable {
        case seconds
        case microseconds

        /// `value` of this unit in milliseconds.
        func milliseconds(_ value: Int) -> Double { self == .seconds ? Double(value) * 1000 : Double(value) / 1000 }
    }

    private(set) var unit: Unit?
    private var largest = 0
    private(set) var seen = 0

    /// Takes one value; returns the unit once it is decided.
    mutating func observe(_ value: Int) -> Unit? {
        if unit == nil {
            seen += 1
            largest = max(largest, value)
            if value == 0 {
                unit = .seconds
            } else if value > 86_400 {
                unit = .microseconds
            }
        }
        return unit
    }

    /// Decides from what was seen, when no value settled it.
    mutating func settle() -> Unit {
        if let unit { return unit }
        let decided: Unit = largest < 100 ? .seconds : .microseconds
        unit = decided
        return decided
    }
}
