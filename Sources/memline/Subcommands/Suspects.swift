import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Suspects: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the ranked suspects of the last analysis.",
            discussion: """
                Examples:
                  memline suspects
                  memline suspects --format markdown >> postmortem.md
                  memline explain 1       # the evidence rows and SQL of suspect 1
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let db = try database.openExisting()
            try AnalysisGuard.require(db)
            Console.output(try db.suspectList().rendered(as: output.format, wide: output.wide))
        }
    }
}
