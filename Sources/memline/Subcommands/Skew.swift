import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Skew: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List clock skews between sources found by the last analysis, and correct them.",
            discussion: """
                `memline analyze` compares the clocks of artifacts that log the same request (request ids: a \
                Heroku router log and the app's Rails log) or record the same process's RSS (pidstat and the \
                per-request RSS log). An offset is the amount to ADD to the skewed artifact's times.

                Examples:
                  memline skew
                  memline skew --auto && memline analyze
                  memline skew apply production.log -3s
                  memline skew apply 2 +1500ms
                  memline ingest --clock-offset -3s production.log
                """,
            subcommands: [Apply.self])

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Apply every confident skew not applied yet (then run `memline analyze` again).")
        var auto = false

        func run() throws {
            let db = try auto ? database.openExistingToWrite() : database.openExisting()
            try AnalysisGuard.require(db)
            if auto {
                let applied: [(name: String, offset: ClockOffset, method: String)]
                do {
                    applied = try db.applyDetectedSkews()
                } catch let error as SkewError {
                    throw ValidationError(error.localizedDescription)
                }
                for a in applied { Console.note("\(a.name): times moved by \(a.offset) (\(a.method))") }
                Console.note(
                    applied.isEmpty
                        ? "no confident skew left to apply"
                        : "run `memline analyze` again to analyse the corrected times")
            }
            Console.output(try db.clockSkewList().rendered(as: output.format, wide: output.wide))
        }
    }
}

extension Memline.Skew {
    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a clock offset to every stored time of one artifact (in one transaction).",
            discussion: """
                ARTIFACT is an id, a path or a file name from `memline artifacts`. OFFSET is a signed number \
                with a unit (ms, s, m, h): -3s moves the artifact's times three seconds earlier. Offsets add up; \
                apply the opposite offset to undo one.

                Examples:
                  memline skew apply production.log -3s
                  memline skew apply 2 +1500ms
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(
            parsing: .allUnrecognized,
            help: ArgumentHelp("The artifact, then the offset to add (-3s).", valueName: "artifact offset"))
        var values: [String] = []

        /// ARTIFACT and OFFSET (a `--` before a negative offset is allowed and dropped).
        private var operands: [String] { values.filter { $0 != "--" } }

        func validate() throws {
            guard operands.count == 2 else {
                throw ValidationError("give ARTIFACT and OFFSET, as in `memline skew apply production.log -3s`")
            }
            do {
                _ = try ClockOffset(parsing: operands[1])
            } catch {
                throw ValidationError(error.localizedDescription)
            }
        }

        func run() throws {
            let db = try database.openExistingToWrite()
            let offset: ClockOffset
            let result: (name: String, rows: Int)
            do {
                offset = try ClockOffset(parsing: operands[1])
                result = try db.applyClockOffset(artifact: operands[0], offset: offset)
            } catch let error as SkewError {
                throw ValidationError(error.localizedDescription)
            }
            Console.note(
                "\(result.name): \(result.rows) row(s) moved by \(offset); run `memline analyze` again to use them")
        }
    }
}
