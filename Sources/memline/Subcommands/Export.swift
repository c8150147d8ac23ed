import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export data for other tools.", subcommands: [Timeline.self])

        struct Timeline: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Write the report's timeline (trend starts, spikes, events, failed jobs, suspects) to stdout.",
                discussion: """
                    Examples:
                      memline export timeline --format csv > timeline.csv
                      memline export timeline --format grafana > annotations.json  # Grafana annotations
                    """)

            @OptionGroup var database: DatabaseOptions

            @Option(help: "csv, json or grafana.")
            var format: TimelineExport.Format = .csv

            func run() throws {
                let db = try database.openExisting()
                let entries = try ReportBuilder(database: db, options: ReportOptions()).exportedTimeline()
                Console.output(TimelineExport.render(entries, as: format))
            }
        }
    }
}

extension TimelineExport.Format: ExpressibleByArgument {}
