import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run SQL against the incident database (read-only).",
            discussion: """
                Examples:
                  memline query "select * from v_endpoint_rss_growth limit 10"
                  memline query --format markdown "select kind, count(*) from events group by kind"
                  memline query --format csv "select ts, pid, rss_kb from rss_samples" > rss.csv
                See `memline schema` for tables, views and columns.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "One SQL statement.")
        var sql: String

        func run() throws {
            do {
                let result = try MemlineDatabase.query(path: database.path, sql: sql)
                Console.output(result.rendered(as: output.format, wide: output.wide))
            } catch {
                throw CommandFailure.runtime(error)
            }
        }
    }
}
