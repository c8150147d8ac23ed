import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Spikes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the spikes of the last analysis: fast rises and limit crossings.",
            discussion: """
                Examples:
                  memline spikes
                  memline spikes --format csv > spikes.csv
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let db = try database.openExisting()
            try AnalysisGuard.require(db)
            Console.output(try db.spikeList().rendered(as: output.format, wide: output.wide))
        }
    }
}
