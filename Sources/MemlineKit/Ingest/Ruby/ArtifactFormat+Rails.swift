extension ArtifactFormat {
    /// A Rails `production.log`, Rails 1.x to 8, tagged or not, with a Ruby Logger or syslog prefix or none.
    public static let rails = ArtifactFormat(
        name: "rails",
        summary: "Rails production.log (Started / Processing by / Completed, Rails 1.x-8, tagged or not, oink lines)",
        example: "I, [2024-12-15T22:40:07.726132 #48158]  INFO -- : [2ffd7a51-489c-4892-9fec-9dd6172f69e2] "
            + "Completed 200 OK in 24ms (Views: 21.9ms | ActiveRecord: 0.0ms | Allocations: 9931)",
        detect: { head in RailsLogDetector.score(head) },
        makeParser: { RailsLogParser(context: $0) }
    )
}
