import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List events (deploys, restarts, R14, OOM kills, notes) in time order.",
            discussion: """
                Examples:
                  memline events --kind oom
                  memline events --since 2026-11-21T10:00:00Z --format markdown
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Only events of this kind.")
        var kind: String?

        @Option(help: "Only events at or after this time (ISO-8601).")
        var since: String?

        @Option(help: "Only events at or before this time (ISO-8601).")
        var until: String?

        func run() throws {
            var window = ReportWindow()
            for (name, value) in [("--since", since), ("--until", until)] {
                guard let value else { continue }
                guard let ts = Timestamp.parseUserInput(value) else {
                    throw ValidationError("\(name) '\(value)' is not a time; use ISO-8601 like 2026-11-21T10:00:00Z")
                }
                if name == "--since" { window.from = ts } else { window.to = ts }
            }
            let db = try database.openExisting()
            let entries = try db.timelineEvents(in: window).filter { kind == nil || $0.kind == kind }
            let result = QueryResult(
                columns: ["ts", "kind", "host", "pid", "message", "source"],
                rows: entries.map {
                    [
                        .text($0.ts), .text($0.kind), $0.host.map { .text($0) } ?? .null,
                        $0.pid.map { .integer(Int64($0)) } ?? .null, .text($0.message), .text($0.source),
                    ]
                })
            Console.output(result.rendered(as: output.format, wide: output.wide))
        }
    }
}
