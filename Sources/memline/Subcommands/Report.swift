import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the postmortem: Markdown (with an SVG chart) and/or one self-contained HTML file.",
            discussion: """
                Examples:
                  memline report --out postmortem/
                  memline report --format html --title "web-2 leak" --tz Europe/Berlin
                  memline report --from 2026-11-21T09:00:00Z --to 2026-11-21T12:00:00Z
                  memline report --templates my-templates/

                Templates: report.md.mustache and report.html.mustache are built in; --templates DIR replaces any \
                of them by name (see docs/TEMPLATES.md for every field a template can use).
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Directory to write report.md, memory.svg and report.html into.")
        var out: String = "report"

        @Option(help: "md, html or both.")
        var format: ReportWriter.Format = .both

        @Option(help: "The report's title.")
        var title: String?

        @Option(help: "Only the part of the incident from this time (ISO-8601).")
        var from: String?

        @Option(help: "Only the part of the incident up to this time (ISO-8601).")
        var to: String?

        @Option(help: "Show times in this zone (default UTC).")
        var tz: String = "UTC"

        @Option(help: "A directory of .mustache files overriding the built-in templates.")
        var templates: String?

        @Flag(help: "Include query strings and string values from dumps (they may hold secrets).")
        var includeValues = false

        func run() throws {
            var options = ReportOptions()
            guard let zone = ZoneRule(parsing: tz) else { throw ValidationError("--tz '\(tz)' is not a zone") }
            options.zone = zone
            options.title = title
            options.includeValues = includeValues
            options.databaseArgument = database.path
            for (name, value) in [("--from", from), ("--to", to)] {
                guard let value else { continue }
                guard let ts = Timestamp.parseUserInput(value, zone: zone) else {
                    throw ValidationError("\(name) '\(value)' is not a time; use ISO-8601 like 2026-11-21T10:00:00Z")
                }
                if name == "--from" { options.window.from = ts } else { options.window.to = ts }
            }
            let db = try database.openExisting()
            do {
                let paths = try ReportPipeline.run(
                    database: db, options: options, templates: templates, out: out,
                    format: format, note: { Console.note("memline: \($0)") })
                for path in paths { Console.output(path + "\n") }
            } catch {
                throw CommandFailure.runtime(error)
            }
        }
    }
}

extension ReportWriter.Format: ExpressibleByArgument {}
