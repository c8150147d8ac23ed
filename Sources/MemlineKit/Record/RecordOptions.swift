import Foundation

/// How `memline record` runs: what, how often, for how long, and where the rows go.
public struct RecordOptions: Sendable {
    public var target: RecordTarget
    public var intervalMS: Int
    /// nil: until SIGINT/SIGTERM (or, for `--pid`, until every process has exited).
    public var durationMS: Int?
    /// Also read `/proc/PID/smaps_rollup` (PSS); costs more CPU per process.
    public var smaps: Bool
    /// Store samples and events in the database (false: `--print` only).
    public var write: Bool
    public var host: String?

    public init(
        target: RecordTarget, intervalMS: Int = 1000, durationMS: Int? = nil, smaps: Bool = false, write: Bool = true,
        host: String? = RecordOptions.hostname()
    ) {
        self.target = target
        self.intervalMS = intervalMS
        self.durationMS = durationMS
        self.smaps = smaps
        self.write = write
        self.host = host
    }

    /// This machine's host name (`gethostname`), nil when it cannot be read.
    public static func hostname() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }
}
