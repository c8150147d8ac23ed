import ArgumentParser

@main
struct Memline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memline",
        abstract: "Ingest the artifacts of a memory incident into SQLite, query them, and publish a postmortem.",
        discussion: """
            Examples:
              memline ingest logs/                      # every file in logs/, formats detected
              memline query "select * from v_endpoint_rss_growth limit 10"
              memline schema
            The database is --db, $MEMLINE_DB, or ./incident.sqlite.
            """,
        subcommands: [
            Ingest.self, Query.self, Schema.self, Formats.self, Artifacts.self, Annotate.self, Events.self,
            Heap.self, GC.self, Report.self, Export.self,
            Profile.self, Processes.self,
        ]
    )
}
