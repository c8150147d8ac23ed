/// One reading of a memory cgroup: usage, limit and OOM counters, in bytes.
///
/// cgroup v2 files: `memory.current`, `memory.max` (`max` when unlimited), `memory.events` (`oom`,
/// `oom_kill`). cgroup v1 files: `memory.usage_in_bytes`, `memory.limit_in_bytes` (a huge number when
/// unlimited), `memory.oom_control` (`under_oom`, `oom_kill`; v1 counts no separate `oom`).
public struct CgroupMemory: Sendable, Equatable {
    public enum Version: String, Sendable { case v1, v2 }

    public var version: Version
    public var currentBytes: Int
    /// nil when the cgroup has no limit.
    public var maxBytes: Int?
    /// Times the cgroup hit its limit and the OOM killer ran (v2 `oom`); nil on v1.
    public var oom: Int?
    /// Processes killed by the OOM killer in this cgroup (`oom_kill`).
    public var oomKill: Int?

    public init(version: Version, currentBytes: Int, maxBytes: Int?, oom: Int?, oomKill: Int?) {
        self.version = version
        self.currentBytes = currentBytes
        self.maxBytes = maxBytes
        self.oom = oom
        self.oomKill = oomKill
    }

    /// Limits at or above this many bytes mean "no limit" (v1 prints 9223372036854771712).
    static let unlimited = 1 << 62

    /// Builds a v2 reading from the three files' texts; nil when `memory.current` is not a number.
    public static func parseV2(current: String, max: String?, events: String?) -> CgroupMemory? {
        guard let bytes = firstNumber(current) else { return nil }
        let limit = max.flatMap(firstNumber).flatMap { $0 >= unlimited ? nil : $0 }
        let counters = events.map(ProcKeyValues.init)
        return CgroupMemory(
            version: .v2, currentBytes: bytes, maxBytes: limit, oom: counters?.number("oom"),
            oomKill: counters?.number("oom_kill"))
    }

    /// Builds a v1 reading from the three files' texts; nil when `memory.usage_in_bytes` is not a number.
    public static func parseV1(usage: String, limit: String?, oomControl: String?) -> CgroupMemory? {
        guard let bytes = firstNumber(usage) else { return nil }
        let max = limit.flatMap(firstNumber).flatMap { $0 >= unlimited ? nil : $0 }
        let counters = oomControl.map(ProcKeyValues.init)
        return CgroupMemory(
            version: .v1, currentBytes: bytes, maxBytes: max, oom: nil, oomKill: counters?.number("oom_kill"))
    }

    /// Reads the cgroup directory `path`, v2 files first, then v1.
    static func read(directory path: String, with reader: ProcFileReader) -> CgroupMemory? {
        if let current = reader.text(path + "/memory.current") {
            return parseV2(
                current: current, max: reader.text(path + "/memory.max"), events: reader.text(path + "/memory.events"))
        }
        if let usage = reader.text(path + "/memory.usage_in_bytes") {
            return parseV1(
                usage: usage, limit: reader.text(path + "/memory.limit_in_bytes"),
                oomControl: reader.text(path + "/memory.oom_control"))
        }
        return nil
    }

    private static func firstNumber(_ text: String) -> Int? {
        let digits = text.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }
            .prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !digits.isEmpty else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }
}
