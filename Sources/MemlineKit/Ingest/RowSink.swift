/// Where parsers send their rows and the lines they could not read.
///
/// The store's `ArtifactWriter` is the production sink; `RowCollector` keeps rows in
/// memory for tests.
public protocol RowSink: AnyObject {
    func emit(_ record: ParsedRow) throws
    /// Records a line that looked like this format but could not be read.
    func skip(line: Int, reason: String, text: String) throws
}

/// An in-memory sink for tests and previews.
public final class RowCollector: RowSink {
    public private(set) var records: [ParsedRow] = []
    public private(set) var skipped: [(line: Int, reason: String, text: String)] = []

    public init() {}

    public func emit(_ record: ParsedRow) throws { records.append(record) }
    public func skip(line: Int, reason: String, text: String) throws { skipped.append((line, reason, text)) }

    public var rssSamples: [RSSSample] { records.compactMap { if case .rssSample(let r) = $0 { r } else { nil } } }
    /// `/proc` readings with their lines.
    public var procReadings: [(sample: ProcReading, line: Int)] {
        records.compactMap { if case .procReading(let r, let line) = $0 { (r, line) } else { nil } }
    }
    public var requestMemory: [RequestMemory] {
        records.compactMap { if case .requestMemory(let r) = $0 { r } else { nil } }
    }
    public var requests: [Request] { records.compactMap { if case .request(let r) = $0 { r } else { nil } } }
    public var jobs: [Job] { records.compactMap { if case .job(let r) = $0 { r } else { nil } } }
    public var events: [Event] { records.compactMap { if case .event(let r) = $0 { r } else { nil } } }
}
