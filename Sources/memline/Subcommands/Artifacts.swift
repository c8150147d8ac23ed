import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Artifacts: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the files ingested so far.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let db = try database.openExisting()
            Console.output(try db.artifactList().rendered(as: output.format, wide: output.wide))
        }
    }
}
