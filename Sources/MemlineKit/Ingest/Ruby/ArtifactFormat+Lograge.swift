extension ArtifactFormat {
    /// A Rails log written by lograge: one line per request, key=value or JSON, with or without a Ruby Logger
    /// prefix, tags or a leading time. Read by `RailsLogParser`, which also reads any classic Rails lines mixed in.
    public static let lograge = ArtifactFormat(
        name: "lograge",
        summary: "Rails log written by lograge: one line per request, key=value or JSON (custom time/request_id); "
            + "rails_semantic_logger JSON (its Completed lines)",
        example: "method=GET path=/jobs/833552.json format=json controller=JobsController action=show status=200 "
            + "duration=24.16 view=0.13 db=0.20",
        detect: { head in LogrageDetector.score(head) },
        makeParser: { RailsLogParser(context: $0) }
    )
}
