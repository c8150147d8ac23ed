import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Trends: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List each process segment's trend: leak, plateau, step, sawtooth or flat.",
            discussion: """
                Examples:
                  memline trends
                  memline trends --format json
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let db = try database.openExisting()
            try AnalysisGuard.require(db)
            Console.output(try db.trendList().rendered(as: output.format, wide: output.wide))
        }
    }
}
