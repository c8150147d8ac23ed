/// One RSS value of a memory series, with the file and line it was read from.
struct MemorySample: Sendable, Equatable {
    /// Milliseconds since 1970, UTC.
    var ms: Int64
    var rssKB: Double
    var limitKB: Double?
    var artifactID: Int64
    var line: Int

    var seconds: Double { Double(ms) / 1000 }
}
