import Foundation
import Testing

@testable import MemlineKit

/// Erlang/Elixir `logger` output: supervisor reports and deploy lines as events, the rest counted.
struct ErlangLoggerTests {
    private static let day = Timestamp.parseISO("2026-12-06T00:00:00Z", zone: .utc)

    private func parse(_ text: String, keepMessages: Bool = false, at: Timestamp? = day) throws -> RowCollector {
        let sink = RowCollector()
        var context = ParseContext(sourceName: "erlang.log", at: at)
        context.keepMessages = keepMessages
        var parser = ArtifactFormat.erlangLogger.makeParser(context)
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    private func fixture(_ name: String) throws -> RowCollector {
        try Fixtures.parse(
            "erlang-logger/\(name)", as: .erlangLogger, context: ParseContext(sourceName: name, at: Self.day))
    }

    @Test(arguments: ["otp25_single_line.log", "otp25_multi_line.log", "otp25_template_pid.log"])
    func otpSupervisorReportsBecomeCrashAndRestartEvents(file: String) throws {
        // Given OTP 25's logger output of one run (a child killed, then crashing), in three formatter settings
        let head = try Fixtures.lines("erlang-logger/\(file)").prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == "erlang-logger")

        // When it is read
        let sink = try fixture(file)

        // Then each child failure is a crash and each restart holds the old and the new pid
        #expect(sink.skipped.isEmpty)
        #expect(
            sink.events.map(\.kind) == [
                "deploy", "crash", "restart", "crash", "restart", "change", "rollback", "deploy",
            ])
        let crash = sink.events[1]
        #expect(crash.process == "app_sup")
        #expect(
            crash.details?.hasPrefix(
                #"{"supervisor":"app_sup","child":"cache_worker","child_pid":"<0.85.0>","context":"child_terminated","#
                    + #""reason":"killed","level":"error""#) == true)
        #expect(sink.events[2].details?.contains(#""old_pid":"<0.85.0>","new_pid":"<0.86.0>""#) == true)
        #expect(sink.events[3].details?.contains(#""reason":"cache_overflow""#) == true)
        // And the initial start and the mailbox warning are messages, not events
        #expect(!sink.events.contains { $0.message.contains("mailbox") })
    }

    @Test func aTemplateOfLevelPidAndLocationWithTheReportBelowIsRead() throws {
        // Given OTP 25's file output with a `[time," ",level," ",pid," ",mfa,"\n",msg]` template (India time)
        let path =
            "verdicts/h29-beam-hexmoor-locker-presence-restart-beside-courier-sync-crashes-slot-planner/"
            + "hexmoor.log"
        let head = try Fixtures.lines(path).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == "erlang-logger")
        let sink = try Fixtures.parse(path, as: .erlangLogger)
        // Then each child the supervisor restarted is a crash naming the child, at its UTC time, nothing skipped
        #expect(sink.skipped.isEmpty)
        let crashes = sink.events.filter { $0.kind == "crash" }
        #expect(crashes.count == 5)
        #expect(crashes.first?.ts.iso8601 == "2026-12-07T17:57:11.476Z")
        let presence = crashes.map { $0.details?.contains(#""child":"locker_presence""#) == true }
        #expect(presence == [false, false, true, false, false])
    }

    @Test func otpsDefaultFileHandlerWithItsLegacyHeadersIsRead() throws {
        // Given OTP 25's default file handler output (`=SUPERVISOR REPORT==== 6-Dec-2026::13:09:58.748431 ===`,
        // the report indented below), recorded with a worker restarted six times by its supervisor
        let file = "erlang-logger/otp25_default_file_handler.log"
        let head = try Fixtures.lines(file).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == "erlang-logger")
        let sink = try Fixtures.parse(file, as: .erlangLogger, context: ParseContext(sourceName: "app.log"))

        // Then every crash and restart is an event at its microsecond time, with both pids of each restart
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.map(\.kind) == Array(repeating: ["crash", "restart"], count: 6).flatMap { $0 })
        let restart = try #require(sink.events.dropFirst().first)
        #expect(restart.ts.iso8601 == "2026-12-06T13:09:58.748Z")
        #expect(restart.details?.contains(#""old_pid":"<0.84.0>","new_pid":"<0.90.0>""#) == true)
        #expect(restart.details?.contains(#""child":"ldap_sync""#) == true)
    }

    @Test func aLegacyHeaderIsReadInTheLogsZone() throws {
        let berlin = try #require(ZoneRule(parsing: "Europe/Berlin"))
        let header = try #require(LoggerEntryHeader("=CRASH REPORT==== 6-Dec-2026::13:09:58.7 ===", zone: berlin))
        #expect(header.ts?.iso8601 == "2026-12-06T12:09:58.700Z")
        #expect(header.level == "error")
        #expect(LoggerEntryHeader("=INFO REPORT==== 6-Foo-2026::13:09:58 ===", zone: .utc) == nil)
    }

    @Test func theLoggingProcessIsKeptWhenTheTemplatePrintsIt() throws {
        let sink = try fixture("otp25_template_pid.log")
        #expect(sink.events.first?.details == #"{"level":"notice","logger_pid":"<0.9.0>"}"#)
        #expect(sink.events.first?.ts.iso8601 == "2026-12-06T09:11:11.755Z")
    }

    @Test func elixirLoggerEntriesAreDatedByAtAndItsReportsRead() throws {
        // Given Elixir 1.14's console Logger with SASL reports (no date on its lines)
        let sink = try fixture("elixir114_console_sasl.log")
        // Then the supervisor's reports and the GenServer crash are events on the --at day
        #expect(sink.skipped.isEmpty)
        #expect(
            sink.events.map { "\($0.line) \($0.kind)" } == [
                "11 deploy", "13 crash", "21 restart", "28 crash", "55 crash", "68 restart", "75 change", "77 rollback",
            ])
        #expect(sink.events[1].ts.iso8601 == "2026-12-06T09:11:20.113Z")
        #expect(sink.events[4].details?.contains(#""reason":"RuntimeError: cache overflow""#) == true)
        #expect(sink.events[5].details?.contains(#""old_pid":"<0.119.0>","new_pid":"<0.120.0>""#) == true)
        #expect(sink.events[3].process == "cache_worker")
    }

    @Test func otherEntriesAreStoredAsMessagesOnlyWhenAsked() throws {
        // Given the single-line log read with --messages
        let text = try Fixtures.lines("erlang-logger/otp25_single_line.log").map(\.text).joined(separator: "\n")
        let sink = try parse(text, keepMessages: true)
        // Then the first start and the warning are `message` events too: one row per entry
        #expect(sink.events.count == 10)
        #expect(sink.events.filter { $0.kind == "message" }.map(\.line) == [1, 8])
    }

    @Test func theVMsMaximumHeapSizeKillIsAMemoryKillOfThatPid() throws {
        // Given the report OTP 25 logs when a process passes its max_heap_size with kill => true, and its supervisor's
        let sink = try parse(
            """
            2026-12-06T22:31:30.838534+00:00 error: Process:            <0.92.0> on node signalpost@ixl-gw-2, \
            Context:            maximum heap size reached, Max Heap Size:      1800000, Total Heap Size:    2832278, \
            Kill:               true, Error Logger:       true, Message Queue Len:  0, GC Info:            []
            2026-12-06T22:31:30.838831+00:00 error: Supervisor: {local,signalpost_sup}. Context: child_terminated. \
            Reason: killed. Offender: id=route_lock_journal,pid=<0.92.0>.
            """)
        // Then the first is a memory kill naming the killed pid and its heap, the second the supervisor's crash
        #expect(sink.events.map(\.kind) == ["worker-killed", "crash"])
        let details = try #require(sink.events.first?.details)
        #expect(details.contains(#""erlang_pid":"<0.92.0>""#))
        #expect(details.contains(#""total_heap_size":"2832278""#))
        #expect(details.contains(#""max_heap_size":"1800000""#))
    }

    @Test func malformedLinesAreSkippedWithTheirReason() throws {
        // Given a stray line before the first entry, an entry of Elixir's form without any date, and a bad level
        let sink = try parse(
            """
            Erlang/OTP 25 [erts-13.1.5] [source] [64-bit]
            12:00:00.123 [error] GenServer :cache_worker terminating
            2026-12-06T09:11:03.589071+00:00 loud: not a level
            """, at: nil)
        // Then each is accounted for: no invented date, the bad header is part of the entry before it
        #expect(sink.events.isEmpty)
        #expect(
            sink.skipped.map { "\($0.line) \($0.reason)" } == [
                "1 expected a logger entry (`2026-…+00:00 info: …`, `12:00:00.123 [error] …`)",
                "2 a time of day without a date: pass --at with the day of the log",
            ])
    }

    @Test func noOtherFixtureIsTakenForAnErlangLog() throws {
        let base = Fixtures.path("")
        var checked = 0
        for path in try ArtifactPaths.expand(base)
        where !path.contains("/erlang-logger/")
            // The recorded BEAM incidents hold the real node's logger output.
            && !(path.contains("/verdicts/") && path.contains("beam") && path.hasSuffix(".log"))
        {
            let head = try Fixtures.lines(String(path.dropFirst(base.count + 1))).prefix(50).map(\.text)
            #expect(FormatRegistry.detect(head: Array(head))?.name != "erlang-logger", "\(path)")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func logsOfTheRecordedBeamIncidentsAreDetectedAsErlangLogs() throws {
        // Given the OTP logger files written by the recorded BEAM incidents
        let base = Fixtures.path("")
        let logs = try ArtifactPaths.expand(Fixtures.path("verdicts")).filter {
            $0.contains("/verdicts/beam") && $0.hasSuffix("/app.log")
        }
        #expect(logs.count >= 2)
        for path in logs {
            // Then each is read as an Erlang log
            let head = try Fixtures.lines(String(path.dropFirst(base.count + 1))).prefix(50).map(\.text)
            #expect(FormatRegistry.detect(head: Array(head))?.name == "erlang-logger", "\(path)")
        }
    }
}
