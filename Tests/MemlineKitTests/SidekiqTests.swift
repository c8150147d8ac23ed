import Foundation
import Testing

@testable import MemlineKit

struct SidekiqTests {
    private func parse(_ text: String, context: ParseContext = ParseContext(sourceName: "sidekiq.log")) throws
        -> RowCollector
    {
        let sink = RowCollector()
        var parser = ArtifactFormat.sidekiq.makeParser(context)
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    private func ts(_ text: String) throws -> Timestamp { try #require(Timestamp.parseISO(text)) }

    private static let noMethodError = "NoMethodError: undefined method `total' for nil:NilClass"

    @Test(arguments: [
        ("sidekiq/sidekiq641_pretty.log", 2, 0),
        ("sidekiq/sidekiq641_pretty_stdout_stderr_merged.log.gz", 2, 0),
        ("sidekiq/sidekiq641_json.log", 2, 0),
        ("sidekiq/sidekiq739_pretty.log", 2, 0),
        ("sidekiq/sidekiq739_json.log", 2, 0),
        ("sidekiq/sidekiq739_without_timestamp_DYNO.log", 0, 1),
    ])
    func pairsEveryRunOfRealLogs(file: String, events: Int, notes: Int) throws {
        // Given a real Sidekiq 6.4 or 7.3 log: 42 runs, 40 done, NightlyReportJob failing twice (same jid)
        let sink = try Fixtures.parse(file, as: .sidekiq)
        // Then every start is paired with its end, both failures carry the exception, and nothing else is an error
        let jobs = sink.jobs
        #expect(jobs.count == 42)
        #expect(jobs.filter { $0.status == "done" }.count == 40)
        let failed = jobs.filter { $0.status == "fail" }
        #expect(failed.count == 2)
        #expect(failed.allSatisfy { $0.error == SidekiqTests.noMethodError && $0.queue == "default" })
        #expect(Set(failed.compactMap(\.jid)).count == 1, "a retry of the same jid is a run of its own")
        #expect(jobs.allSatisfy { $0.lineEnd != nil && $0.durationMS != nil && $0.jid?.count == 24 })
        #expect(
            Set(jobs.compactMap(\.jobClass)) == [
                "ImportCsvJob", "ThumbnailJob", "WelcomeMailerJob",
                "NightlyReportJob",
            ])
        #expect(sink.events.count == events)
        #expect(sink.skipped.count == notes, "\(sink.skipped)")
    }

    @Test func keepsTheFieldsOfPrettyRunsAndTheirException() throws {
        let sink = try Fixtures.parse("sidekiq/sidekiq641_pretty.log", as: .sidekiq)
        // 9:  …16.638Z pid=19054 tid=fqe class=ImportCsvJob jid=a483c6f0d112bdf6a3e5512d INFO: start
        // 11: …16.915Z pid=19054 tid=fqe class=ImportCsvJob jid=a483c6f0d112bdf6a3e5512d elapsed=0.277 INFO: done
        var done = Job(line: 9, status: "done")
        done.lineEnd = 11
        done.tsStart = try ts("2026-11-22T01:43:16.638Z")
        done.tsEnd = try ts("2026-11-22T01:43:16.915Z")
        done.durationMS = 277
        done.pid = 19054
        done.tid = "fqe"
        done.jid = "a483c6f0d112bdf6a3e5512d"
        done.jobClass = "ImportCsvJob"
        #expect(sink.jobs.first { $0.line == 9 } == done)

        // 33 start on tid fri, 43 fail (elapsed=0.301), 44-45 WARN context and exception; retried on 133 … 135
        let runs = sink.jobs.filter { $0.jid == "2a9b661ffa8a3f8ee91da9ce" }.sorted { $0.line < $1.line }
        var first = Job(line: 33, status: "fail")
        first.lineEnd = 43
        first.tsStart = try ts("2026-11-22T01:43:17.561Z")
        first.tsEnd = try ts("2026-11-22T01:43:17.863Z")
        first.durationMS = 301
        first.pid = 19054
        first.tid = "fri"
        first.jid = "2a9b661ffa8a3f8ee91da9ce"
        first.jobClass = "NightlyReportJob"
        first.queue = "default"
        first.error = SidekiqTests.noMethodError
        #expect(runs.first == first)
        #expect(runs.count == 2)
        #expect(runs.last?.line == 133)
        #expect(runs.last?.lineEnd == 135)
        #expect(runs.last?.tid == "fs2")
        #expect(runs.last?.durationMS == 303)

        // Booting (line 1 'Running in ruby' is the first boot line) and Shutting down; Bye! adds no second stop
        #expect(
            sink.events == [
                Event(
                    line: 1, ts: try ts("2026-11-22T01:43:13.190Z"), pid: 19054, process: "sidekiq", kind: "start",
                    message: "Running in ruby 3.1.2p20 (2022-04-12 revision 4491bb740a) [x86_64-linux-gnu]"),
                Event(
                    line: 164, ts: try ts("2026-11-22T01:43:58.657Z"), pid: 19054, process: "sidekiq", kind: "stop",
                    message: "Shutting down"),
            ])
    }

    @Test func readsTheJSONFormatterWithElapsedInContext() throws {
        let sink = try Fixtures.parse("sidekiq/sidekiq739_json.log", as: .sidekiq)
        // 34: start a4a1f1bf… on foy at 17.628; 43: fail elapsed 0.302; 44-45: context and exception as WARN msgs
        let run = try #require(sink.jobs.first { $0.line == 34 })
        #expect(run.status == "fail")
        #expect(run.lineEnd == 43)
        #expect(run.tsStart == (try ts("2026-11-22T01:43:17.628Z")))
        #expect(run.tsEnd == (try ts("2026-11-22T01:43:17.930Z")))
        #expect(run.durationMS == 302)
        #expect(run.pid == 19058)
        #expect(run.tid == "foy")
        #expect(run.queue == "default")
        #expect(run.error == SidekiqTests.noMethodError)
        #expect(sink.events.map(\.kind) == ["start", "stop"])
        #expect(sink.events.map(\.line) == [1, 115])
        #expect(sink.events.first?.ts == (try ts("2026-11-22T01:43:13.163Z")))
    }

    @Test func storesUntimedRunsWithDurationAndOneNote() throws {
        // Given Sidekiq 7's WithoutTimestamp lines (DYNO set): no time anywhere in the file
        let sink = try Fixtures.parse("sidekiq/sidekiq739_without_timestamp_DYNO.log", as: .sidekiq)
        // Then runs keep NULL times and their elapsed duration; one note on the first job line says why
        #expect(sink.jobs.allSatisfy { $0.tsStart == nil && $0.tsEnd == nil })
        let failed = try #require(sink.jobs.first { $0.line == 34 })
        #expect(failed.durationMS == 302)
        #expect(failed.status == "fail")
        #expect(failed.error == SidekiqTests.noMethodError)
        #expect(sink.skipped.map(\.line) == [6])
        #expect(sink.skipped.first?.reason == SidekiqParser.untimedNote)
        #expect(sink.events.isEmpty)
    }

    @Test func passesOverMergedStderrNoiseAndBacktraces() throws {
        let lines = try Fixtures.lines("sidekiq/sidekiq641_pretty_stdout_stderr_merged.log.gz")
        #expect(lines.count == 482)
        #expect(lines.contains { $0.text.hasPrefix("Passing the timeout as a positional argument is deprecated") })
        let sink = try Fixtures.parse("sidekiq/sidekiq641_pretty_stdout_stderr_merged.log.gz", as: .sidekiq)
        #expect(sink.skipped.isEmpty)
        #expect(sink.jobs.count == 42)
    }

    /// Lines written for this test in the layout of Sidekiq 5.0.2's Pretty formatter (the real 5.x log in the
    /// shared samples has no license and is not copied); the jids are made up.
    private static let sidekiq5 = """
        # Logfile created on 2017-06-06 20:55:53 +0000 by logger.rb/56815
        2017-06-07T10:54:44.061Z 10 TID-39wg0 INFO: Booting Sidekiq 5.0.2 with redis options {:url=>"redis://redis:6379"}
        2017-06-07T10:54:46.205Z 10 TID-39wg0 INFO: Running in ruby 2.4.1p111 (2017-03-22 revision 58053) [x86_64-linux]
        2017-06-07T10:54:46.206Z 10 TID-39wg0 INFO: Starting processing, hit Ctrl-C to stop
        2017-06-07T10:58:00.132Z 10 TID-a2kzs ImportJob JID-00000000000000000000000a INFO: start
        2017-06-07T10:58:00.140Z 10 TID-a24ls ReportJob JID-00000000000000000000000b BID-9999 INFO: start
        2017-06-07T10:58:00.584Z 10 TID-a2kzs ImportJob JID-00000000000000000000000a INFO: done: 0.452 sec
        2017-06-07T10:58:00.240Z 10 TID-a24ls ReportJob JID-00000000000000000000000b INFO: fail: 0.1 sec
        2017-06-07T10:58:00.241Z 10 TID-a24ls WARN: {"context"=>"Job raised exception", "job"=>{"class"=>"ReportJob", "queue"=>"reports", "jid"=>"00000000000000000000000b"}}
        2017-06-07T10:58:00.241Z 10 TID-a24ls WARN: ActiveRecord::RecordNotFound: Couldn't find Report with 'id'=7
        2017-06-07T10:58:00.242Z 10 TID-a24ls WARN: /app/jobs/report_job.rb:5:in `perform'
        /usr/local/bundle/gems/sidekiq-5.0.2/lib/sidekiq/processor.rb:187:in `execute_job'
        2017-06-07T11:01:16.456Z 10 TID-a198w ImportJob JID-00000000000000000000000c INFO: start
        2017-06-07T11:02:00.000Z 10 TID-39wg0 DEBUG: Got TERM signal
        2017-06-07T11:02:00.001Z 10 TID-39wg0 INFO: Shutting down
        2017-06-07T11:02:00.900Z 10 TID-39wg0 INFO: Bye!
        2017-06-07T11:03:30.120Z 10 TID-2fcl0 INFO: Booting Sidekiq 5.0.2 with redis options {:url=>"redis://redis:6379"}
        2017-06-07T11:03:31.927Z 10 TID-2fcl0 INFO: Running in ruby 2.4.1p111 (2017-03-22 revision 58053) [x86_64-linux]
        2017-06-07T11:04:59.995Z 10 TID-8sb6c INFO: Booting Sidekiq 5.0.2 with redis options {:url=>"redis://redis:6379"}
        """

    @Test func pairsSidekiq5LinesWithTheirExceptionAndLifecycle() throws {
        let sink = try parse(SidekiqTests.sidekiq5)
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        let jobs = sink.jobs.sorted { $0.line < $1.line }
        #expect(jobs.map(\.status) == ["done", "fail", "running"])
        #expect(jobs[0].durationMS == 452)
        #expect(jobs[0].jobClass == "ImportJob")
        #expect(jobs[0].tid == "a2kzs")
        #expect(jobs[0].pid == 10)
        #expect(jobs[1].jid == "00000000000000000000000b")
        #expect(jobs[1].durationMS == 100)
        #expect(jobs[1].queue == "reports")
        #expect(jobs[1].error == "ActiveRecord::RecordNotFound: Couldn't find Report with 'id'=7")
        #expect(jobs[2].line == 13)
        #expect(jobs[2].tsEnd == nil)
        #expect(jobs[2].lineEnd == nil)
        // Then a boot is one start however many boot lines it prints, and a container restart reusing pid 10
        // without a shutdown (line 19) is a start of its own
        #expect(sink.events.map(\.kind) == ["start", "stop", "start", "start"])
        #expect(sink.events.map(\.line) == [2, 15, 17, 19])
        #expect(sink.events.first?.message.hasPrefix("Booting Sidekiq 5.0.2") == true)
    }

    @Test func datesTheStartOfARunWhoseStartIsBeforeTheLog() throws {
        let sink = try parse(
            "2026-11-22T01:43:17.075Z pid=1 tid=fru class=ImportCsvJob jid=31ae121bafc960515fa58d75 elapsed=0.438 "
                + "INFO: done")
        let job = try #require(sink.jobs.first)
        #expect(job.line == 1)
        #expect(job.lineEnd == 1)
        #expect(job.tsStart == (try ts("2026-11-22T01:43:16.637Z")))
        #expect(job.durationMS == 438)
    }

    @Test func skipsLinesThatStartLikeSidekiqButDoNotParseAndReadsCRLF() throws {
        // Given CRLF endings, a truncated JSON line, a timestamped line of something else, a start without jid,
        // and a failure whose exception never comes (the log moves on)
        let text = [
            #"{"ts":"2026-11-22T01:43:16.670Z","pid":1,"tid":"fm0","lvl":"INFO","msg":"start","ctx":{"class":"A","jid":"j1"}}"#,
            #"{"ts":"2026-11-22T01:43:16.900Z","pid":1,"tid":"fm0","lvl":"INFO","msg":"fail","ctx":{"class":"A","jid":"j1","elapsed":0.23}}"#,
            #"{"ts":"2026-11-22T01:43:16.901Z","pid":1,"tid":"fm0","lvl":"INFO","msg":"start","ctx":{"class":"A","jid":"j2"}}"#,
            #"{"ts":"2026-11-22T01:43:17.000Z","pid":1,"tid":"fm0","lvl":"INFO","msg":"do"#,
            "2026-11-22T01:43:17.100Z web.1 something else entirely",
            "pid=1 tid=fm1 INFO: start",
            "   at some backtrace line",
        ].joined(separator: "\r\n")
        let sink = try parse(text)
        #expect(sink.jobs.map(\.status) == ["fail", "running"])
        #expect(sink.jobs.first?.error == nil)
        #expect(sink.jobs.first?.durationMS == 230)
        #expect(sink.skipped.map(\.line) == [4, 5, 6])
        #expect(
            sink.skipped.map(\.reason) == [
                "expected a Sidekiq JSON log object with lvl and msg",
                "expected 'pid=… tid=… LEVEL: message' (Sidekiq 6/7) or 'PID TID-… LEVEL: message' (Sidekiq ≤ 5) "
                    + "after the time",
                "Sidekiq 'start' without a jid",
            ])
    }

    @Test func readsTheJobMessagesOfTimesInOtherZones() throws {
        // A custom logger printing local time without an offset is read in --tz
        let zone = try #require(ZoneRule(parsing: "-05:00"))
        let sink = try parse(
            "2026-11-22T01:43:16.670 pid=1 tid=a class=A jid=j INFO: start",
            context: ParseContext(sourceName: "s.log", zone: zone))
        #expect(sink.jobs.first?.tsStart == (try ts("2026-11-22T06:43:16.670Z")))
    }

    @Test func parsesOneMessageGivenAnExternalTimestampForOtherLogParsers() throws {
        // Given the message part of a Heroku line and the time Heroku printed
        let at = try ts("2026-11-22T01:43:17.863Z")
        let message = try #require(
            SidekiqMessage.parse(
                "pid=4 tid=e83 class=ImportCsvJob jid=0d50df91fecc6973626da729 elapsed=0.3 INFO: done", timestamp: at))
        #expect(
            message
                == SidekiqMessage(
                    layout: .pretty, ts: at, pid: 4, tid: "e83", jobClass: "ImportCsvJob",
                    jid: "0d50df91fecc6973626da729", elapsedSeconds: 0.3, level: "INFO", text: "done"))
        #expect(message.phase == .done)
        #expect(SidekiqMessage.parse("Stopping all processes with SIGTERM", timestamp: at) == nil)
        #expect(SidekiqMessage.parse("[2] - Gracefully shutting down workers...", timestamp: at) == nil)

        // And the tracker pairs messages handed over one by one
        var tracker = SidekiqJobTracker(host: "worker.1")
        let sink = RowCollector()
        let start = try #require(
            SidekiqMessage.parse(
                "pid=4 tid=e83 class=ImportCsvJob jid=j INFO: start",
                timestamp: at.adding(milliseconds: -300)))
        try tracker.consume(start, line: Line(number: 7, text: "…"), into: sink)
        try tracker.consume(
            try #require(
                SidekiqMessage.parse(
                    "pid=4 tid=e83 class=ImportCsvJob jid=j elapsed=0.3 INFO: done", timestamp: at)),
            line: Line(number: 9, text: "…"), into: sink)
        try tracker.finish(into: sink)
        #expect(sink.jobs.count == 1)
        #expect(sink.jobs.first?.host == "worker.1")
        #expect(sink.jobs.first?.line == 7)
        #expect(sink.jobs.first?.lineEnd == 9)
    }

    @Test func isDetectedFromItsHeadAndDoesNotClaimOtherFormats() throws {
        for file in [
            "sidekiq/sidekiq641_pretty.log", "sidekiq/sidekiq641_json.log", "sidekiq/sidekiq739_json.log",
            "sidekiq/sidekiq739_without_timestamp_DYNO.log",
            "sidekiq/sidekiq641_pretty_stdout_stderr_merged.log.gz",
        ] {
            let head = try Fixtures.lines(file).prefix(50).map(\.text)
            #expect(FormatRegistry.detect(head: head)?.name == "sidekiq", "\(file)")
        }
        #expect(
            FormatRegistry.detect(head: SidekiqTests.sidekiq5.split(separator: "\n").map(String.init))?.name
                == "sidekiq")
        for file in [
            "linux/pidstat_r_24h_sigterm.txt", "memory/memory_samples_python_grow.jsonl",
            "memory/memory_samples_python_grow.csv",
        ] {
            let head = try Fixtures.lines(file).prefix(50).map(\.text)
            #expect(ArtifactFormat.detectSidekiq(head: head) == 0, "\(file)")
        }
    }
}
