import Foundation

/// Puma's own clock in its plain output, which prints no time on other lines: `=== puma startup: 2026-12-06
/// 12:11:06 +0000 ===` (written when `stdout_redirect` reopens stdout) and `=== puma shutdown: … ===` (on stop).
struct PumaStamp: Equatable {
    var ts: Timestamp
    var isStartup: Bool

    /// Reads a message (without Puma's `[pid] `); nil for every other line.
    init?(_ message: Substring, zone: ZoneRule) {
        let startup = message.hasPrefix("=== puma startup: ")
        guard startup || message.hasPrefix("=== puma shutdown: ") else { return nil }
        let rest = message.dropFirst(startup ? 18 : 19)
        guard let ts = Timestamp.parseISO(rest.prefix { $0 != "=" }.trimmingCharacters(in: .whitespaces), zone: zone)
        else { return nil }
        self.ts = ts
        isStartup = startup
    }
}
