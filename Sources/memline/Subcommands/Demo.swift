import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the whole pipeline on a bundled, really recorded example incident.",
            discussion: """
                Writes the example's artifacts, ingests them into a fresh database, analyses it and writes the \
                report, then prints where everything is.

                Example:
                  memline demo --out /tmp/memline-demo
                """)

        @Option(help: "Directory for the artifacts, the database and the report.")
        var out: String = "memline-demo"

        func run() throws {
            do {
                let result = try DemoIncident.run(in: out)
                for summary in result.ingest { Console.note(summary.oneLine) }
                Console.note(result.analysis.text)
                Console.output(
                    """

                    Database: \(result.database)
                    Report:   \(result.reports.joined(separator: "\n          "))

                    Next: memline query --db \(result.database) "select * from v_suspects"
                          memline explain --db \(result.database) 1

                    """)
            } catch {
                Console.error(error.localizedDescription)
                throw ExitCode.failure
            }
        }
    }
}
