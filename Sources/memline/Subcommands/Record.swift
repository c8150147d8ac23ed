import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sample process or cgroup memory from /proc into the incident database while it happens.",
            discussion: """
                Reads VmRSS, VmHWM, VmSwap, RssAnon/File/Shmem and Threads from /proc/PID/status (and PSS from \
                smaps_rollup with --smaps) every interval, as one artifact of format `record`. Each interval is \
                committed on its own, so a kill loses at most one interval.

                --match follows every process whose \
                full command line (/proc/PID/cmdline, arguments joined by spaces) matches a regular expression \
                (Swift Regex syntax, like pgrep -f: it may match anywhere; anchor it with ^ and $), including \
                processes that start later, noting `start` and `exit` events. Quote the pattern for the shell, \
                and escape special characters (. [ ] ( ) + * ? | ^ $ \\) with a backslash to match them as text.

                --cgroup records memory.current/max and turns oom/oom_kill counter increases into `oom` events.

                Ctrl-C or SIGTERM stops cleanly and prints a summary on stderr. Safe beside ingest, query and \
                report on the same database: while another command holds the write lock, intervals are kept \
                and written when it is free.

                Examples:
                  memline record --match puma --interval 1s
                  memline record --match 'puma: cluster worker [0-9]+' --print
                  memline record --match '^sidekiq [0-9.]+ app' --duration 1h
                  memline record --match '(?i)unicorn (master|worker\\[[0-9]+\\])'
                  memline record --pid 4242 4243 --smaps --duration 10m
                  memline record --cgroup /sys/fs/cgroup/system.slice/app.service --print
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(name: .long, parsing: .upToNextOption, help: "Process ids to record until they exit.")
        var pid: [Int] = []

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Record every process whose full command line matches this regular expression, e.g. "
                    + "'puma: cluster worker [0-9]+'."))
        var match: String?

        @Option(name: .long, help: "A memory cgroup directory (v2 or v1).")
        var cgroup: String?

        @Option(name: .long, help: "Time between samples: 200ms, 1s, 5s, 1m.")
        var interval: String = "1s"

        @Option(name: .long, help: "Stop after this long (default: until Ctrl-C).")
        var duration: String?

        @Flag(name: .long, help: "Also read /proc/PID/smaps_rollup (PSS, private dirty).")
        var smaps = false

        @Flag(name: .long, help: "Show a live table (stdout) after each interval.")
        var print = false

        @Flag(name: .customLong("no-write"), help: "Do not store anything (use with --print).")
        var noWrite = false

        func validate() throws {
            let chosen = (pid.isEmpty ? 0 : 1) + (match == nil ? 0 : 1) + (cgroup == nil ? 0 : 1)
            guard chosen == 1 else { throw ValidationError("Give exactly one of --pid, --match or --cgroup.") }
            if let match {
                do {
                    _ = try ProcessPattern(match)
                } catch {
                    throw ValidationError(error.localizedDescription)
                }
            }
            guard DurationText.milliseconds(interval) != nil else {
                throw ValidationError("--interval '\(interval)' is not a duration; write e.g. 200ms, 1s or 1m.")
            }
            if let duration, DurationText.milliseconds(duration) == nil {
                throw ValidationError("--duration '\(duration)' is not a duration; write e.g. 30s, 10m or 24h.")
            }
            if noWrite && !print { throw ValidationError("--no-write records nothing without --print.") }
        }

        func run() throws {
            let target: RecordTarget =
                if let match { .match(match) } else if let cgroup { .cgroup(cgroup) } else { .pids(pid) }
            let options = RecordOptions(
                target: target, intervalMS: DurationText.milliseconds(interval) ?? 1000,
                durationMS: duration.flatMap(DurationText.milliseconds), smaps: smaps, write: !noWrite)
            let stop = StopSignal()
            stop.install()
            let terminal = isatty(1) == 1
            let db = noWrite ? nil : try database.open()
            do {
                let session = try RecordingSession(database: db, options: options)
                let summary = try session.run(stop: stop) { batch, recorder in
                    guard print else { return }
                    let table = LiveTable.render(recorder, after: batch)
                    Console.output(terminal ? "\u{1B}[H\u{1B}[J" + table : table + "\n")
                }
                Console.note(summary.oneLine + (noWrite ? "" : " into \(database.path)"))
            } catch let error as RecordError {
                throw ValidationError(error.localizedDescription)
            } catch {
                throw CommandFailure.runtime(error)
            }
        }
    }
}
