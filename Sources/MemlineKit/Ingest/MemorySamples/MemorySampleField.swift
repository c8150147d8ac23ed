/// A column of a generic memory-samples file (CSV header name or JSON key), and its unit.
///
/// Names are matched without regard to case or surrounding spaces. Memory is stored in KiB;
/// `_bytes` and `_mb` columns are converted exactly (÷ 1024, × 1024: powers of two).
enum MemorySampleField: Sendable, Equatable {
    /// `ts`, `time` or `timestamp`: ISO-8601 (offset optional) or Unix seconds.
    case time
    case pid
    /// `process`, `command` or `name`.
    case process
    /// `host` or `hostname`.
    case host
    /// `rss_kb`, `rss_bytes`, `rss_mb`, with the KiB in one unit of the column.
    case rss(kibPerUnit: Double)
    case vsz(kibPerUnit: Double)
    case swap(kibPerUnit: Double)
    case limit(kibPerUnit: Double)

    static func named(_ raw: String) -> MemorySampleField? {
        let name = raw.trimmingSpaces.lowercased()
        switch name {
        case "ts", "time", "timestamp": return .time
        case "pid": return .pid
        case "process", "command", "name": return .process
        case "host", "hostname": return .host
        default: break
        }
        let units: [(suffix: String, kib: Double)] = [("_kb", 1), ("_kib", 1), ("_bytes", 1.0 / 1024), ("_mb", 1024)]
        for (suffix, kib) in units where name.hasSuffix(suffix) {
            switch name.dropLast(suffix.count) {
            case "rss": return .rss(kibPerUnit: kib)
            case "vsz": return .vsz(kibPerUnit: kib)
            case "swap": return .swap(kibPerUnit: kib)
            case "limit": return .limit(kibPerUnit: kib)
            default: return nil
            }
        }
        return nil
    }

    var isRSS: Bool {
        if case .rss = self { return true }
        return false
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
