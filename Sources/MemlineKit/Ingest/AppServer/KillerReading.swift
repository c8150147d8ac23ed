import Foundation

/// A worker's RSS as unicorn-worker-killer checked it: `worker (pid: 1234) using 18116608 bytes.` (verbose mode, at
/// every check) or `worker (pid: 1234) exceeds memory limit (36356096 bytes > 35486582 bytes)`, where 0.4.4 prints
/// the RSS as a Float (`0.8200192e8`).
struct KillerReading: Equatable {
    var pid: Int
    var bytes: Double
    var limitBytes: Double?

    init?(_ message: some StringProtocol) {
        guard let at = message.range(of: "worker (pid: ") else { return nil }
        let rest = message[at.upperBound...]
        guard let close = rest.firstIndex(of: ")"), let pid = Int(rest[..<close]) else { return nil }
        let after = rest[rest.index(after: close)...]
        if after.hasPrefix(" using "), let bytes = Self.bytes(after.dropFirst(7)) {
            self.pid = pid
            self.bytes = bytes
            return
        }
        guard after.hasPrefix(" exceeds memory limit ("), let bytes = Self.bytes(after.dropFirst(23)),
            let gt = after.range(of: "> "), let limit = Self.bytes(after[gt.upperBound...])
        else { return nil }
        self.pid = pid
        self.bytes = bytes
        self.limitBytes = limit
    }

    /// The number before ` bytes`.
    private static func bytes(_ text: some StringProtocol) -> Double? {
        guard let end = text.range(of: " bytes") else { return nil }
        guard let value = Double(text[..<end.lowerBound]), value.isFinite, value >= 0 else { return nil }
        return value
    }
}
