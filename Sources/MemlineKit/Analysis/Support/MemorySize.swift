import Foundation

/// Reads memory sizes people type: `8G`, `512M`, `1.5GiB`, `300MB`, `2048K`, `1073741824` (bytes).
public enum MemorySize {
    /// The size in KiB, or nil when `text` is not a size. K, M, G, T are powers of 1024 (as `free` and pidstat
    /// count), with or without `B`/`iB`; a bare number is bytes.
    public static func kilobytes(_ text: String) -> Double? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where s.hasSuffix(suffix) && s.count > suffix.count {
            s.removeLast(suffix.count)
            break
        }
        let units: [Character: Double] = ["K": 1, "M": 1024, "G": 1024 * 1024, "T": 1024 * 1024 * 1024]
        if let last = s.last, let factor = units[last] {
            guard let value = Double(s.dropLast()), value >= 0 else { return nil }
            return value * factor
        }
        guard let bytes = Double(s), bytes >= 0 else { return nil }
        return bytes / 1024
    }
}
