import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one suspect's reason, evidence rows (file:line) and the SQL that reproduces its figure.",
            discussion: """
                Examples:
                  memline explain 1
                  memline explain 2 --format markdown
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The suspect's rank, as `memline suspects` lists it.")
        var id: Int64

        func run() throws {
            let db = try database.openExisting()
            try AnalysisGuard.require(db)
            guard let suspect = try db.suspect(id: id) else {
                throw ValidationError("no suspect \(id); `memline suspects` lists them")
            }
            let evidence = try db.evidenceList(forSuspect: id).rendered(as: output.format, wide: output.wide)
            switch output.format {
            case .markdown:
                Console.output(
                    "### #\(suspect.id) \(suspect.kind) `\(suspect.name)` "
                        + "(score \(suspect.score), \(suspect.confidence))\n\n"
                        + "\(suspect.reason)\n\n\(evidence)\n```sql\n\(suspect.sql)\n```\n")
            case .table:
                Console.output(
                    "#\(suspect.id) \(suspect.kind) \(suspect.name) (score \(suspect.score), \(suspect.confidence))\n"
                        + "\(suspect.reason)\n\n\(evidence)\nSQL (memline query \"…\"):\n\(suspect.sql)\n")
            case .csv, .json:
                Console.output(evidence)
            }
        }
    }
}
