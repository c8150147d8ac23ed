/// One logged request, by file and line, with what it did to memory.
struct RequestRef: Sendable, Equatable {
    var artifactID: Int64
    var line: Int
    var ms: Int64
    var deltaKB: Double
    var retainedKB: Double
}
