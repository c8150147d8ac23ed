/// One `GC.stat` sample of a Ruby process: the common counters, plus every key as read.
public struct GCSample: Sendable, Equatable {
    /// One key of the `GC.stat` hash and its value.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: Double
        public init(key: String, value: Double) {
            self.key = key
            self.value = value
        }
    }

    public var line: Int
    public var ts: Timestamp?
    public var host: String?
    public var pid: Int?
    /// Every numeric key in the order the sample printed them.
    public var entries: [Entry]

    public init(line: Int, ts: Timestamp? = nil, host: String? = nil, pid: Int? = nil, entries: [Entry]) {
        self.line = line
        self.ts = ts
        self.host = host
        self.pid = pid
        self.entries = entries
    }

    /// The value of `key`, when the sample has it.
    public subscript(_ key: String) -> Double? { entries.first { $0.key == key }?.value }

    /// The value of `key` as a whole number.
    public func integer(_ key: String) -> Int? { self[key]?.checkedInt }

    /// Why a sample cannot be stored: the first value beyond a 64-bit integer (`:count=>1e300`); nil when all fit.
    static func outOfRange(_ entries: [Entry]) -> String? {
        guard let bad = entries.first(where: { $0.value.checkedInt64 == nil }) else { return nil }
        return "GC.stat value \(bad.key)=\(bad.value) is out of range (a counter fits in 64 bits)"
    }
}
