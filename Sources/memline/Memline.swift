import ArgumentParser
import MemlineKit

@main
struct Memline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memline",
        abstract: "Ingest the artifacts of a memory incident into SQLite, query them, and publish a postmortem.",
        discussion: """
            Examples:
              memline demo                    # the bundled incident, end to end
              memline ingest logs/            # every file below logs/, formats detected
              memline analyze && memline suspects
              memline query "select * from v_endpoint_rss_growth limit 10"
              memline report --out postmortem/
            The database is --db, $MEMLINE_DB, or ./incident.sqlite.
            """,
        version: MemlineVersion.current,
        subcommands: [
            Ingest.self, Query.self, Schema.self, Formats.self, Artifacts.self, Annotate.self, Events.self,
            Analyze.self, Suspects.self, Explain.self, Trends.self, Spikes.self,
            Heap.self, GC.self, Report.self, Export.self, Demo.self,
            Profile.self, Processes.self, Record.self,
            Skew.self,
        ]
    )
}
