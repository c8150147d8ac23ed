/// A format memline can read: its name, how to recognise it, and how to parse it.
public struct ArtifactFormat: Sendable {
    /// The name users pass to `--format` and see in `artifacts.format`.
    public let name: String
    /// One line of meaning for `memline formats`.
    public let summary: String
    /// One real line of the format, for `memline formats`.
    public let example: String
    /// Scores the first lines of a file (up to 50, without terminators): 0 means "not this format",
    /// higher wins. Scores of 50+ should be reserved for unmistakable signatures.
    public let detect: @Sendable (_ head: [String]) -> Int
    public let makeParser: @Sendable (ParseContext) -> any LineParser

    public init(
        name: String, summary: String, example: String, detect: @escaping @Sendable ([String]) -> Int,
        makeParser: @escaping @Sendable (ParseContext) -> any LineParser
    ) {
        self.name = name
        self.summary = summary
        self.example = example
        self.detect = detect
        self.makeParser = makeParser
    }
}
