/// Reads durations written on the command line: `200ms`, `0.5s`, `1s`, `2m`, `24h`, or bare seconds (`5`).
public enum DurationText {
    /// Milliseconds, or nil when the text is not a positive number with one of those units.
    public static func milliseconds(_ text: String) -> Int? {
        let units: [(suffix: String, factor: Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        var number = Substring(text)
        var factor = 1000.0
        for unit in units where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            factor = unit.factor
            break
        }
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        let ms = (value * factor).rounded()
        guard ms >= 1, ms < 1e15 else { return nil }
        return Int(ms)
    }
}
