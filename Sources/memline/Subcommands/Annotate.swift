import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Annotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a deploy, restart, rollback or note on the incident timeline.",
            discussion: """
                Examples:
                  memline annotate --at 2026-11-21T10:22:00Z --kind restart "restarted web dynos"
                  memline annotate --at "2026-11-21 14:45" --tz +08:00 --kind rollback "rolled back v187"
                """)

        enum Kind: String, ExpressibleByArgument, CaseIterable { case deploy, restart, rollback, fix, note }

        @OptionGroup var database: DatabaseOptions

        @Option(help: "When it happened: ISO-8601 (2026-11-21T10:22:00Z) or Unix seconds.")
        var at: String

        @Option(help: "deploy, restart, rollback, fix or note.")
        var kind: Kind = .note

        @Option(help: "Zone of --at when it has no offset.")
        var tz: String = "UTC"

        @Option(help: "The host it concerns, if any.")
        var host: String?

        @Argument(help: "What happened.")
        var message: String

        func run() throws {
            guard let zone = ZoneRule(parsing: tz) else { throw ValidationError("--tz '\(tz)' is not a zone") }
            guard let ts = Timestamp.parseUserInput(at, zone: zone) else {
                throw ValidationError("--at '\(at)' is not a time; use ISO-8601 like 2026-11-21T10:22:00Z")
            }
            let db = try database.open()
            try db.annotate(at: ts, kind: kind.rawValue, message: message, host: host)
            Console.note("\(ts.iso8601) \(kind.rawValue): \(message)")
        }
    }
}
