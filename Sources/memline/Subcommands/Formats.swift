import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Formats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the artifact formats memline reads.")

        @OptionGroup var output: OutputOptions

        func run() throws {
            let rows: [[QueryResult.Cell]] =
                FormatRegistry.all.map { [.text($0.name), .text($0.summary), .text($0.example)] }
                + FormatRegistry.binary.map { [.text($0.name), .text($0.summary), .text($0.example)] }
            Console.output(
                QueryResult(columns: ["format", "what", "example line"], rows: rows).rendered(
                    as: output.format, wide: output.wide))
        }
    }
}
