extension ArtifactFormat {
    /// Papertrail archives (`YYYY-MM-DD[-HH].tsv.gz`): each message read as a Heroku, Rails, Sidekiq or kernel
    /// line of its program.
    public static let papertrail = ArtifactFormat(
        name: "papertrail",
        summary: "Papertrail archives (YYYY-MM-DD[-HH].tsv.gz, 10 tab-separated fields): heroku/* and app/* "
            + "messages read as a Heroku log, other programs as Rails/Sidekiq lines per system, kernel OOM kills",
        example: "50342052\t2011-02-10 00:19:36 -0800\t2011-02-10 00:19:36 -0800\t42424\tmysystem\t208.122.34.202\t"
            + "Local7\tInfo\theroku/web.1\tError R14 (Memory quota exceeded)",
        detect: { head in
            var rows = 0
            for line in head {
                var text = line
                let ok = text.withUTF8 { u -> Bool in
                    guard let fields = PapertrailArchiveParser.fields(u) else { return false }
                    return PapertrailArchiveParser.time(u, fields[1], zone: .utc) != nil
                        || PapertrailArchiveParser.time(u, fields[2], zone: .utc) != nil
                }
                if ok { rows += 1 }
            }
            return rows > 0 ? 95 : 0
        },
        makeParser: { PapertrailArchiveParser(context: $0) }
    )
}
