/// Memory units as ad-hoc sampling loops write them, in KiB (powers of 1024, as `ps`, `free` and `/proc` mean them).
enum MemoryUnit {
    /// Key suffixes naming a unit, longest first.
    static let keySuffixes: [(suffix: String, kib: Double)] = [
        ("_bytes", 1.0 / 1024), ("_kib", 1), ("_mib", 1024), ("_gib", 1024 * 1024), ("_kb", 1), ("_mb", 1024),
        ("_gb", 1024 * 1024), ("_b", 1.0 / 1024),
    ]

    /// Value suffixes (`17.2MB`, `4324kB`, `512M`, `1.2GiB`, `1024B`), case-insensitive.
    static func valueSuffix(_ suffix: some StringProtocol) -> Double? {
        switch suffix.lowercased() {
        case "b": return 1.0 / 1024
        case "k", "kb", "kib": return 1
        case "m", "mb", "mib": return 1024
        case "g", "gb", "gib": return 1024 * 1024
        default: return nil
        }
    }

    /// A number with neither a key nor a value unit: KiB (what `ps -o rss` and `VmRSS` print) below 10^8, bytes
    /// from there on (10^8 KiB would be a 95 GiB process; `free -b` and `GetProcessMemoryInfo` print bytes).
    static func unitless(_ value: Double) -> Double { value < 1e8 ? value : value / 1024 }

    /// The KiB in `text` (`17.2MB`, `4324`), with the unit of the key when it names one; nil when it is no size.
    static func kib(_ text: some StringProtocol, keyUnit: Double?) -> Double? {
        let number = text.prefix { $0.isNumber || $0 == "." }
        guard !number.isEmpty, let value = Double(number), value >= 0 else { return nil }
        let suffix = text.dropFirst(number.count)
        if suffix.isEmpty { return keyUnit.map { value * $0 } ?? unitless(value) }
        guard let unit = valueSuffix(suffix) else { return nil }
        return value * unit
    }
}
