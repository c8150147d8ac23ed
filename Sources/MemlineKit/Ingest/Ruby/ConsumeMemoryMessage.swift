/// The message a per-request RSS Rails `around_filter` logs after each request:
/// `CONSUME MEMORY: 16528KB\tNow: 211704 KB\thttps://host/path?q`.
///
/// The delta is RSS after minus before the request and may be negative; `Now:` is the RSS after it.
/// Both `Now: 211704 KB` (the filter's code) and `Now: 758640KB` (as the filter's write-ups quote it) occur, and
/// tabs or spaces may separate the fields.
struct ConsumeMemoryMessage {
    var deltaKB: Double
    var rssKB: Double
    /// The URL as logged: the rest of the line.
    var urlRange: Range<Int>

    /// Where `CONSUME MEMORY:` starts in `u` (at or after `from`), or nil.
    static func locate(in u: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let s = ByteScanner(u, at: from)
        if s.matches("CONSUME MEMORY:", at: from) { return from }
        return s.find("CONSUME MEMORY:")
    }

    /// Reads the message that starts at `start` (on `CONSUME MEMORY:`).
    /// - Returns: the fields, or why they could not be read.
    static func parse(_ u: UnsafeBufferPointer<UInt8>, at start: Int) -> Result<ConsumeMemoryMessage, Failure> {
        var s = ByteScanner(u, at: start)
        guard s.skip("CONSUME MEMORY:") else { return .failure(Failure("expected `CONSUME MEMORY:`")) }
        s.skipSpaces()
        guard let delta = s.readDecimal(), skipKB(&s) else {
            return .failure(Failure("expected the RSS change in KB after `CONSUME MEMORY:` (`16528KB`)"))
        }
        s.skipSpaces()
        guard s.skip("Now:") else {
            return .failure(Failure("expected `Now: <rss> KB` after `CONSUME MEMORY: \(Int(delta))KB`"))
        }
        s.skipSpaces()
        guard let rss = s.readDecimal(), skipKB(&s) else {
            return .failure(Failure("expected the RSS in KB after `Now:` (`211704 KB`)"))
        }
        let url = s.trimmed(s.position..<u.count)
        guard !url.isEmpty else { return .failure(Failure("expected the request URL after `Now: \(Int(rss)) KB`")) }
        return .success(ConsumeMemoryMessage(deltaKB: delta, rssKB: rss, urlRange: url))
    }

    /// Consumes an optional space and `KB` (or `kB`), which must end the field.
    private static func skipKB(_ s: inout ByteScanner) -> Bool {
        let save = s.position
        _ = s.skip(byte: 0x20)
        guard s.skip("KB") || s.skip("kB") || s.skip("Kb") || s.skip("kb") else {
            s.position = save
            return false
        }
        guard let c = s.current, c == 0x20 || c == 0x09 else {
            // A field cut right after "KB" (truncated line) is caught by the caller's next check.
            return s.isAtEnd
        }
        return true
    }

    /// Why a `CONSUME MEMORY:` line could not be read.
    struct Failure: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
