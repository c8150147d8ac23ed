import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Processes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erlang/Elixir processes ranked by memory growth and mailbox growth over the captured window.",
            discussion: """
                Ingest process_info snapshots first (format erlang-processes), then:
                  memline processes --top 5
                  memline processes --by queue --format markdown
                Growth is the last sample minus the first; current_function is the latest seen (a process stuck in \
                code_server:call/1 with a growing mailbox is a classic culprit: a caller blocked on a busy server).
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Processes shown per ranking.")
        var top = 10

        @Option(help: "Rank by memory, queue, or both.")
        var by: String = "both"

        func validate() throws {
            guard top > 0 else { throw ValidationError("--top must be at least 1") }
            guard ["memory", "queue", "both"].contains(by) else {
                throw ValidationError("--by '\(by)': use memory, queue or both")
            }
        }

        func run() throws {
            let db = try database.openExisting()
            let processes = try db.processGrowth()
            guard !processes.isEmpty else {
                throw CommandFailure.error(
                    "the database holds no process samples; ingest Erlang/Elixir process_info snapshots first",
                    usage: false)
            }
            let orders: [ProcessGrowthRanking.Order] =
                by == "both" ? [.memory, .queue] : [ProcessGrowthRanking.Order(rawValue: by) ?? .memory]
            Console.output(
                ProcessGrowthRanking(processes: processes).rendered(
                    as: output.format, orders: orders, top: top, wide: output.wide))
        }
    }
}
