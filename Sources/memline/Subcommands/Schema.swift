import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the tables, views and columns you can query, with what each means.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let catalog = try SchemaCatalog.load(from: try MemlineDatabase.inMemory())
            var rows: [[QueryResult.Cell]] = []
            for relation in catalog.relations {
                rows.append([
                    .text(relation.name), .text(relation.isView ? "view" : "table"), .text(""), .text(""),
                    .text(relation.meaning),
                ])
                for column in relation.columns {
                    rows.append([
                        .text(relation.name), .text(""), .text(column.name), .text(column.type),
                        .text(column.meaning),
                    ])
                }
            }
            let result = QueryResult(columns: ["relation", "kind", "column", "type", "meaning"], rows: rows)
            Console.output(result.rendered(as: output.format, wide: output.wide))
        }
    }
}
