/// Reads `Key:  value [kB]` lines as printed by `/proc/PID/status`, `smaps_rollup` and cgroup files.
///
/// Works on the UTF-8 bytes: each line's key runs to the first `:` or space, its value is the first
/// run of digits after it (so `VmRSS:\t   64992 kB` gives `64992`, `oom_kill 3` gives `3`). Lines
/// without digits (`Name:\tpython3`) are kept as text through `text(_:)`.
struct ProcKeyValues {
    private var numbers: [String: Int] = [:]
    private var texts: [String: String] = [:]

    init(_ text: String) {
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            guard let keyEnd = raw.firstIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: " ") })
            else { continue }
            let key = String(decoding: raw[raw.startIndex..<keyEnd], as: UTF8.self)
            var rest = raw[raw.index(after: keyEnd)...]
            while let first = rest.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                rest = rest.dropFirst()
            }
            if let first = rest.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
                var value = 0
                var overflow = false
                for byte in rest {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
                    let (times, o1) = value.multipliedReportingOverflow(by: 10)
                    let (plus, o2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                    overflow = overflow || o1 || o2
                    value = plus
                }
                if !overflow { numbers[key] = value }
            }
            texts[key] = String(decoding: rest, as: UTF8.self)
        }
    }

    /// The whole number that starts the value of `key`, or nil when absent or not a number.
    func number(_ key: String) -> Int? { numbers[key] }

    /// The value of `key` as text, leading blanks removed.
    func text(_ key: String) -> String? { texts[key] }
}
