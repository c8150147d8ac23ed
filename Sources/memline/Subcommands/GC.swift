import ArgumentParser
import MemlineKit

extension Memline {
    struct GC: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc",
            abstract: "A verdict per Ruby process from its GC.stat samples and RSS: GC never runs, Ruby heap growth, "
                + "malloc growth / fragmentation, or stable.",
            discussion: """
                Ingest GC.stat samples (p GC.stat, JSON lines, Logger lines) and, for the RSS side, pidstat or other \
                RSS samples of the same pid first.

                Examples:
                  memline gc
                  memline gc --pid 16677 --format markdown
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Only this process id.")
        var pid: Int?

        func run() throws {
            let db = try database.openExisting()
            let verdicts = try db.gcVerdicts(pid: pid)
            guard !verdicts.isEmpty else {
                throw ValidationError(
                    pid.map {
                        "no GC samples for pid \($0); see `memline query \"select distinct pid from gc_samples\"`"
                    }
                        ?? "no GC samples in the database; ingest GC.stat output first (format ruby-gc-stat)")
            }
            Console.output(GCVerdict.rendered(verdicts, as: output.format))
        }
    }
}
