import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Heap: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ruby heap snapshots: list them, diff them (what leaked, who holds it), see trends.",
            discussion: """
                Ingest ObjectSpace.dump_all files first, one label each:
                  memline ingest --label before heap-1.json --label during heap-2.json …
                or let the file names be the labels (heap-1.json → heap-1).
                """,
            subcommands: [Diff.self, List.self, Trend.self])
    }
}

extension Memline.Heap {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the heap snapshots, in time order.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let db = try database.openExisting()
            Console.output(try db.heapSnapshotList().rendered(as: output.format, wide: output.wide))
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Objects new in TARGET since BASE and still alive in every LATER snapshot, and who holds them.",
            discussion: """
                The three-snapshot technique: take a heap dump (1), let the app run, take (2), let it run, take (3). \
                Objects in 2 that are not in 1 and are still in 3 are the leak. They are grouped by allocation site, \
                class, type and gem; for the top groups memline prints the shortest path from a GC root in the last \
                snapshot and the objects that hold them directly. With BASE and TARGET only: the new objects. \
                With one snapshot: its heap by group. Results are stored in heap_diff and heap_retainers.

                Examples:
                  memline heap diff heap-1 heap-2 heap-3
                  memline heap diff --top 5 --format markdown before during after > leak.md
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Groups shown (and traced to a root) per grouping.")
        var top = 10

        @Argument(help: "BASE TARGET [LATER…]: snapshot labels or ids (see `memline heap list`).")
        var snapshots: [String]

        func validate() throws {
            guard !snapshots.isEmpty else { throw ValidationError("name at least one snapshot: BASE TARGET [LATER…]") }
            guard top > 0 else { throw ValidationError("--top must be at least 1") }
        }

        func run() throws {
            let db = try database.openExisting()
            do {
                let report: HeapDiffReport
                if snapshots.count == 1 {
                    report = try db.heapDiff(base: nil, target: snapshots[0], top: top)
                } else {
                    report = try db.heapDiff(
                        base: snapshots[0], target: snapshots[1], later: Array(snapshots.dropFirst(2)), top: top)
                }
                Console.output(report.rendered(as: output.format, limit: top))
            } catch let error as HeapError {
                throw CommandFailure.heap(error)
            }
        }
    }

    struct Trend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Growth per allocation site (or class, type, gem) across several snapshots.",
            discussion: """
                Examples:
                  memline heap trend                      # every snapshot, in time order
                  memline heap trend --by class heap-1 heap-2 heap-3 heap-4
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Group by site, class, type or gem.")
        var by: String = "site"

        @Option(help: "Rows shown.")
        var top = 20

        @Argument(help: "Snapshot labels or ids, in order (default: all, by time).")
        var snapshots: [String] = []

        func validate() throws {
            guard HeapGrouping(rawValue: by) != nil else {
                throw ValidationError("--by '\(by)': use site, class, type or gem")
            }
        }

        func run() throws {
            let db = try database.openExisting()
            do {
                let trend = try db.heapTrend(snapshots: snapshots, by: HeapGrouping(rawValue: by) ?? .site)
                Console.output(trend.rendered(as: output.format, limit: top, wide: output.wide))
            } catch let error as HeapError {
                throw CommandFailure.heap(error)
            }
        }
    }
}
