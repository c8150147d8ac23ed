/// One evidence row of a suspect before it is written: what it shows and where it was read.
struct EvidenceDraft: Sendable, Equatable {
    var label: String
    var artifactID: Int64?
    var line: Int?
    var lineEnd: Int?
    var ms: Int64?
    var value: String
}
