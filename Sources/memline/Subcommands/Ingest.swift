import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read artifacts (logs, samples, dumps) into the incident database.",
            discussion: """
                PATHs are files, directories (read recursively), .gz files (detected by content), or '-' for \
                standard input. Each file is one transaction: it lands whole or not at all. Lines that cannot be \
                read are counted and kept in the ingest_errors table. `memline formats` lists what is read.

                Examples:
                  memline ingest log/performance.log log/performance.log-20170727.gz
                  memline ingest --tz Asia/Shanghai --host web-1 logs/
                  zcat production.log.gz | memline ingest --format rails -
                  memline ingest --at 2026-11-22T01:40:00Z ps-aux.txt   # taken then
                  memline ingest --clock-offset -3s access.log          # 3 s fast
                  memline ingest --prometheus http://127.0.0.1:9090 \\
                    --query process_resident_memory_bytes \\
                    --start 2026-11-22T01:00:00Z --end 2026-11-22T02:00:00Z --step 15s

                Walking a directory, a file that is empty, binary or of no known format (a pid file, a core dump), \
                or that only looked like one (a README quoting log lines, of which no line is one) is \
                not ingested and does not fail the run; the run ends with one line listing those files:
                  not ingested: logs/app.pid (unknown format), logs/core (binary)
                and, when some failed, a line such as:
                  1 of 6 file(s) failed; the database holds the others
                --dry-run prints, on standard output, each file with the format it would be read as (or \
                "skip (unknown format)") and stores nothing.

                Ctrl-C (SIGINT) or SIGTERM rolls back the file being read, keeps the files already stored, and ends \
                with a line such as:
                  interrupted (SIGINT): 3 of 5 file(s) stored (logs/a.log, logs/b.log, logs/c.log); logs/d.log was \
                rolled back; run the same command again to finish: stored files are skipped
                A second signal stops at once (standard input that waits for more, a long index build): the file \
                being read is not stored either way.

                Exit status:
                  0   every recognised file was stored (or already was); unrecognised files in a directory are \
                listed, not counted as failures
                  1   a file failed: damaged input of a known format (truncated .gz, binary bytes inside a log), \
                lines refused by --strict, or a file named on the command line that memline cannot read or \
                recognise
                  64  bad arguments
                  73  the database cannot be written (a read-only folder or medium): copy it where it can be
                  130, 143  interrupted by SIGINT or SIGTERM (128 plus the signal's number)
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "A format from `memline formats`, or auto to detect each file's format.")
        var format: String = "auto"

        @Option(help: "Host name to record on every row (overrides what the file says).")
        var host: String?

        @Option(
            help: ArgumentHelp(
                "Zone of times printed without one (Ruby Logger, pidstat): UTC, +09:00, Europe/Berlin.",
                discussion: "Default: the one offset the other files of this ingest print (an access log's -03:00), "
                    + "else UTC."))
        var tz: String?

        @Flag(help: "Replace an artifact that was already ingested with the same content.")
        var force = false

        @Flag(help: "List each file with the format it would be read as, and what would be skipped; store nothing.")
        var dryRun = false

        @Flag(help: "Store every entry of an Erlang/Elixir log as a `message` event, not only deploys and reports.")
        var messages = false

        @Flag(help: "Refuse a file that has any unreadable line.")
        var strict = false

        @Option(
            help: """
                When a heap dump was taken (ISO-8601 or Unix seconds); default: its file name's time, or mtime. \
                For plain dmesg (kernel-oom): the machine's boot time (`uptime -s`).
                """)
        var at: String?

        @Option(help: "Label of a heap dump, for `memline heap diff` (default: the file name without extensions).")
        var label: String?

        @Option(
            help: """
                Query this Prometheus server (http://host:9090) with curl instead of reading files \
                (tested against Debian's prometheus 2.42).
                """)
        var prometheus: String?

        @Option(help: "With --prometheus: the PromQL query.")
        var query: String?

        @Option(help: "With --prometheus: range start (ISO-8601 or Unix seconds); with --end, a query_range.")
        var start: String?

        @Option(help: "With --prometheus: range end (default now).")
        var end: String?

        @Option(help: "With --prometheus: range step, a duration like 15s or seconds (default 15s).")
        var step: String?

        @Option(
            parsing: .unconditional,
            help: "Add this offset to every time of the files (their clock was off): -3s, +1500ms, 2.5s.")
        var clockOffset: String?

        @Option(
            help: ArgumentHelp(
                "A program the heap profiles were dumped by, to name their functions (repeatable).",
                discussion: "Matched to the profiles by file name, so a binary built or copied elsewhere works. "
                    + "A program found while walking a folder is used the same way.",
                valueName: "path"))
        var binary: [String] = []

        @Argument(help: "Files, directories, or - for standard input.")
        var paths: [String] = []

        func validate() throws {
            if let tz, ZoneRule(parsing: tz) == nil {
                throw ValidationError(
                    "--tz '\(tz)' is not a zone; use UTC, an offset like +09:00, or a name like Europe/Berlin")
            }
            if let at, Timestamp.parseUserInput(at, zone: zone) == nil {
                throw ValidationError("--at '\(at)' is not a time; use ISO-8601 (2026-11-22T01:40:00Z) or Unix seconds")
            }
            if prometheus != nil {
                guard !dryRun else { throw ValidationError("--dry-run reads files; it does not query --prometheus") }
                guard query != nil else { throw ValidationError("--prometheus needs --query PROMQL") }
                guard paths.isEmpty else { throw ValidationError("give either --prometheus or files, not both") }
                for (name, value) in [("--start", start), ("--end", end)] {
                    if let value, Timestamp.parseUserInput(value, zone: zone) == nil {
                        throw ValidationError("\(name) '\(value)' is not a time; use ISO-8601 or Unix seconds")
                    }
                }
            } else if paths.isEmpty {
                throw ValidationError(
                    "name files or directories to ingest (or - for standard input), or --prometheus URL")
            }
            if let clockOffset {
                do {
                    _ = try ClockOffset(parsing: clockOffset)
                } catch {
                    throw ValidationError("--clock-offset: \(error.localizedDescription)")
                }
            }
            if format != "auto", !FormatRegistry.names.contains(format.lowercased()) {
                throw ValidationError(IngestError.unknownFormatName(format).localizedDescription)
            }
        }

        /// `--tz`, else UTC.
        private var zone: ZoneRule { tz.flatMap(ZoneRule.init(parsing:)) ?? .utc }

        func run() throws {
            // SIGINT and SIGTERM roll back the file in flight and end the run with what is stored (from before the
            // database is created, so no signal finds it half made); a second one ends it at once, for a read of
            // standard input that waits for input.
            let stop = StopSignal()
            if !dryRun, prometheus == nil {
                stop.install { number in
                    Console.error(
                        "interrupted again (\(StopSignal.name(of: number))): stopping now; the file being read is not "
                            + "stored, the files before it are")
                    _exit(128 + number)
                }
            }
            // --dry-run reads files but opens no database.
            let db = dryRun ? nil : try database.open()
            var options = IngestOptions(
                format: format == "auto" ? nil : format, host: host, zone: zone, force: force,
                strict: strict)
            options.at = at.flatMap { Timestamp.parseUserInput($0, zone: options.zone) }
            options.label = label
            options.keepMessages = messages
            options.clockOffset = try clockOffset.map { try ClockOffset(parsing: $0) }
            if Console.stderrIsTerminal {
                options.progress = { p in
                    var text = "\r\(p.name): \(IngestSummary.grouped(p.lines)) lines"
                    if let total = p.totalBytes, total > 0 { text += " (\(p.bytesRead * 100 / total)%)" }
                    FileHandle.standardError.write(Data(text.utf8))
                }
            }
            if let prometheus, let query {
                let zone = options.zone
                let request = PrometheusQuery(
                    server: prometheus, query: query, start: start.flatMap { Timestamp.parseUserInput($0, zone: zone) },
                    end: end.flatMap { Timestamp.parseUserInput($0, zone: zone) }, step: step, time: options.at)
                do {
                    Console.note(try (db ?? database.open()).ingest(prometheus: request, options: options).oneLine)
                } catch {
                    Console.error(error.localizedDescription)
                    throw ExitCode.failure
                }
                return
            }
            var tally = IngestTally()
            var targets: [IngestTarget] = []
            for path in paths {
                do {
                    targets += try ArtifactPaths.targets(path)
                } catch {
                    // A path that does not exist counts as a failed file.
                    Console.error(error.localizedDescription)
                    tally.failed()
                }
            }
            if targets.count > 1, at != nil || label != nil {
                throw ValidationError("--at and --label name one heap dump; give one file per `memline ingest` call")
            }
            if db != nil { options.stop = stop }
            let total = targets.filter { $0.leftOut == nil }.count
            let paths = targets.filter { $0.leftOut == nil }.map(\.path)
            // Files that print only the time of day, or a date of numbers either way round, are read near the day the others
            // print.
            if total > 1, at == nil { options.day = IncidentDay.infer(paths: paths, format: options.format) }
            // Without --tz, files whose times name no zone are read at the offset the others print.
            let incidentZone =
                tz == nil && total > 1
                ? IncidentZone.infer(paths: paths, format: options.format, day: options.day) : nil
            if let incidentZone { Console.note(incidentZone.note) }
            let wallClock = Set(incidentZone?.wallClockPaths ?? [])
            // A capture that names no process is the one process the others name.
            let incidentProcess = total > 1 ? IncidentProcess.infer(paths: paths, format: options.format) : nil
            if let incidentProcess { Console.note(incidentProcess.note) }
            let ingestTargets = {
                for target in targets {
                    if let reason = target.leftOut {
                        tally.leftOut(target.path, reason: reason)
                        continue
                    }
                    guard let db else {
                        probe(target, options: options, tally: &tally)
                        continue
                    }
                    if let signal = stop.received {
                        tally.interrupted(by: signal, inFlight: nil, total: total, force: force)
                        break
                    }
                    var fileOptions = options
                    if let incidentZone, wallClock.contains(target.path) { fileOptions.zone = incidentZone.zone }
                    if let incidentProcess, incidentProcess.unnamedPaths.contains(target.path) {
                        fileOptions.pid = incidentProcess.pid
                    }
                    if let signal = ingest(target, into: db, options: fileOptions, tally: &tally) {
                        tally.interrupted(by: signal, inFlight: target.shownName, total: total, force: force)
                        break
                    }
                }
            }
            // Several files load into empty tables without their indexes, which are built once after the last.
            if let db, total > 1 {
                do {
                    try db.ingestingMany(ingestTargets)
                } catch {
                    Console.error(error.localizedDescription)
                    tally.failed()
                }
            } else {
                ingestTargets()
            }
            if let db, tally.interruption == nil { symbolize(db, walked: targets, tally: &tally) }
            for line in tally.closingLines { Console.note(line) }
            if tally.exitStatus != 0 { throw ExitCode(tally.exitStatus) }
        }

        /// Names the profiles' functions with `--binary` and with programs found beside them in the folders walked.
        private func symbolize(_ db: MemlineDatabase, walked targets: [IngestTarget], tally: inout IngestTally) {
            let found = targets.filter { !$0.named && MemlineDatabase.isELF($0.path) }.map(\.path)
            let binaries = binary + found.filter { path in !binary.contains(path) }
            guard !binaries.isEmpty else { return }
            do {
                let done = try db.symbolizeProfiles(withBinaries: binaries)
                for (path, summary) in done {
                    Console.note("\((path as NSString).lastPathComponent): \(summary.oneLine)")
                }
                let used = Set(done.map(\.binary))
                for path in binary where !used.contains(path) {
                    Console.error("--binary \(path): no ingested heap profile maps a program of that name")
                    tally.failed()
                }
            } catch {
                Console.error(error.localizedDescription)
                tally.failed()
            }
        }

        /// Stores one file, or records why not.
        /// - Returns: the signal that rolled the file back, if one did.
        private func ingest(
            _ target: IngestTarget, into db: MemlineDatabase, options: IngestOptions, tally: inout IngestTally
        ) -> Int32? {
            do {
                let summary = try db.ingest(path: target.path, options: options)
                if Console.stderrIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                Console.note(summary.oneLine)
                for warning in summary.warnings { Console.note(warning) }
                if let clockOffset, case .alreadyIngested(let id) = summary.outcome {
                    Console.note(
                        "\(summary.name): --clock-offset not applied to the stored copy; "
                            + "use `memline skew apply \(id) \(clockOffset)`")
                }
                tally.landed(target.shownName)
            } catch IngestError.interrupted(_, let signal) {
                if Console.stderrIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                return signal
            } catch {
                if Console.stderrIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                record(error, for: target, tally: &tally)
            }
            return nil
        }

        /// Prints the format one file would be read as (`--dry-run`), or why it would be skipped.
        private func probe(_ target: IngestTarget, options: IngestOptions, tally: inout IngestTally) {
            do {
                let format = try ArtifactProbe.format(ofFile: target.path, wanted: options.format)
                Console.output("\(target.path)\t\(format)\n")
                tally.landed(target.shownName)
            } catch {
                if !target.named, let reason = (error as? IngestError)?.notIngestedReason {
                    Console.output("\(target.path)\tskip (\(reason))\n")
                }
                record(error, for: target, tally: &tally)
            }
        }

        /// A walked file of no known format is left out; any other error fails the file.
        private func record(_ error: any Error, for target: IngestTarget, tally: inout IngestTally) {
            if !target.named, let reason = (error as? IngestError)?.notIngestedReason {
                tally.leftOut(target.path, reason: reason)
            } else {
                Console.error(error.localizedDescription)
                tally.failed()
            }
        }
    }
}
