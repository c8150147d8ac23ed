import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Profile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Native heap profiles (jemalloc heap_v2, gperftools): list, symbolize, top, diff like jeprof, trend.",
            discussion: """
                Ingest the dumps first (jeprof.<pid>.<seq>.i<n>.heap from lg_prof_interval, .m<n> from prof.dump, \
                .f from prof_final); pid, sequence and trigger come from the file names, the time from --at or mtime:
                  memline ingest jeprof.16429.*.heap
                  memline profile symbolize --binary target/release/server
                  memline profile diff jeprof.16429.0.i0 jeprof.16429.3.f
                  memline profile trend --pid 16429
                Counts are unbiased for sampling exactly as jeprof does, so totals match `jeprof --text`.
                """,
            subcommands: [List.self, Symbolize.self, Top.self, Diff.self, Trend.self])
    }
}

/// `--binary` and `--no-libraries`, shared by the commands that may symbolize first.
struct SymbolOptions: ParsableArguments {
    @Option(help: "The executable that wrote the profiles, read with addr2line (or llvm-symbolizer, nm).")
    var binary: String?

    @Flag(help: "Do not read the mapped shared libraries (libc…) on this machine for their symbols.")
    var noLibraries = false

    /// Symbolizes `names` when --binary is given; prints the summary to stderr.
    func symbolizeIfAsked(_ db: MemlineDatabase, _ names: [String]) throws {
        guard let binary else { return }
        let summary = try db.symbolizeProfiles(names, binary: binary, libraries: !noLibraries)
        Console.note(summary.oneLine)
    }
}

extension Memline.Profile {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the heap profiles, in time order.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let db = try database.openExisting()
            Console.output(try db.heapProfileList().rendered(as: output.format, wide: output.wide))
        }
    }

    struct Symbolize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Name the frames of heap profiles with addr2line/llvm-symbolizer/nm; results are cached.",
            discussion: """
                The main program's frames are read from --binary; shared libraries from their mapped paths when \
                this machine has them (they must be the same build). Answers are kept in profile_symbols and the \
                frames' names in profile_frames.function, so later runs and SQL need no tool.

                Example: memline profile symbolize --binary ./leaky jeprof.out.16429.3.f
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var symbols: SymbolOptions

        @Argument(help: "Profile labels or ids (default: every profile).")
        var profiles: [String] = []

        func run() throws {
            let db = try database.openExistingToWrite()
            do {
                let summary = try db.symbolizeProfiles(
                    profiles, binary: symbols.binary, libraries: !symbols.noLibraries)
                Console.note(summary.oneLine)
            } catch let error as ProfileError {
                throw CommandFailure.profile(error)
            }
        }
    }

    struct Top: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One profile's in-use memory by function and stack (like jeprof --text).",
            discussion: "Example: memline profile top --binary ./leaky jeprof.out.16429.3.f")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var symbols: SymbolOptions

        @Option(help: "Rows shown per table.")
        var top = 20

        @Argument(help: "A profile label or id (see `memline profile list`).")
        var profile: String

        func run() throws {
            let db = try database.openExisting()
            do {
                try symbols.symbolizeIfAsked(db, [profile])
                Console.output(try db.profileTop(profile).rendered(as: output.format, limit: top))
            } catch let error as ProfileError {
                throw CommandFailure.profile(error)
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Growth from BASE to TARGET by function (flat, cumulative) and stack, like jeprof --base.",
            discussion: """
                TARGET minus BASE, on unbiased bytes; negative rows shrank. Rows are stored in profile_diff.

                Examples:
                  memline profile diff jeprof.out.16429.0.i0 jeprof.out.16429.3.f
                  memline profile diff --binary ./leaky --top 5 --format markdown 1 4 > growth.md
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var symbols: SymbolOptions

        @Option(help: "Rows shown per table.")
        var top = 20

        @Argument(help: "The BASE profile (label or id).")
        var base: String

        @Argument(help: "The TARGET profile (label or id).")
        var target: String

        func validate() throws {
            guard top > 0 else { throw ValidationError("--top must be at least 1") }
        }

        func run() throws {
            let db = try database.openExisting()
            do {
                try symbols.symbolizeIfAsked(db, [base, target])
                Console.output(try db.profileDiff(base: base, target: target).rendered(as: output.format, limit: top))
            } catch let error as ProfileError {
                throw CommandFailure.profile(error)
            }
        }
    }
}

extension Memline.Profile {
    struct Trend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Growth per function over all dumps of a process: steady growth, one jump, up and down, flat.",
            discussion: """
                Every profile of the process in dump order (jeprof.<pid>.<seq>.i<n>.heap from lg_prof_interval): \
                per function its unbiased in-use bytes at each dump, growth first to last (as profile diff gives \
                it), growth per hour when the dumps' times are known (--at, file name or mtime, rising with the \
                sequence) else per dump, and how monotonic it was. Rows are stored in profile_trend.

                Examples:
                  memline ingest jeprof.4298.*.heap && memline profile trend --binary ./server
                  memline profile trend --pid 4298 --cumulative --format csv > trend.csv
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var symbols: SymbolOptions

        @Option(help: "The process whose dumps to follow (needed when profiles of several processes are stored).")
        var pid: Int?

        @Option(help: "Functions shown.")
        var top = 20

        @Flag(help: "Count every function on the stack (cumulative), not only the allocating one (flat).")
        var cumulative = false

        func validate() throws {
            guard top > 0 else { throw ValidationError("--top must be at least 1") }
        }

        func run() throws {
            let db = try database.openExisting()
            do {
                // With --pid the binary is that process's; without, it goes to the profiles of its program.
                var names: [String] = []
                if let pid, symbols.binary != nil {
                    names = try db.heapProfiles().filter { $0.pid == pid }.map { String($0.id) }
                }
                try symbols.symbolizeIfAsked(db, names)
                let trend = try db.profileTrend(pid: pid, cumulative: cumulative)
                Console.output(trend.rendered(as: output.format, limit: top))
            } catch let error as ProfileError {
                throw CommandFailure.profile(error)
            }
        }
    }
}
