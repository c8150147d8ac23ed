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
                Console.output(Self.nextSteps(result, command: Invocation(argument0: CommandLine.arguments[0])))
            } catch {
                Console.error(error.localizedDescription)
                throw ExitCode.failure
            }
        }

        /// Where the demo wrote its files, and the commands to run next, as the user ran memline.
        static func nextSteps(_ result: DemoIncident.Result, command: Invocation) -> String {
            let absolute = URL(fileURLWithPath: result.database).standardizedFileURL.path
            let memline = command.command
            return """

                Database: \(result.database)
                Report:   \(result.reports.joined(separator: "\n          "))

                Next: export MEMLINE_DB=\(ShellQuoting.quoted(absolute))   # or pass --db to each command
                      \(memline) suspects
                      \(memline) explain 1
                      \(memline) query "select * from v_suspects"

                """
        }
    }
}
