import Foundation

/// Short memory figures for messages and the live table.
enum MemoryText {
    /// `64992` KiB → `63.5 MB` (MiB, as `v_rss` computes `rss_mb`).
    static func mb(_ kb: Int) -> String { String(format: "%.1f MB", Double(kb) / 1024) }

    /// A signed change: `+12.3`, `-0.5`, `0.0` (MiB).
    static func signedMB(_ kb: Int) -> String {
        let value = Double(kb) / 1024
        return (value > 0 ? "+" : "") + String(format: "%.1f", value)
    }
}
