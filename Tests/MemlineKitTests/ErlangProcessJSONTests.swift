import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct ErlangProcessJSONTests {
    private func head(_ fixture: String) throws -> [String] {
        try Fixtures.lines(fixture).prefix(50).map(\.text)
    }

    @Test(
        arguments: [
            ("memory/memory_samples_python_grow.jsonl", "memory-jsonl"),
            ("gc-stat/ruby31_gc_stat.jsonl", "ruby-gc-stat"),
            ("demo/gc_stat.jsonl.gz", "ruby-gc-stat"),
            ("kernel/lnav_logfile_journald.json", "kernel-oom"),
            ("kernel/kernel_oom_memcg_v1_journalctl_k_json.jsonl.gz", "kernel-oom"),
            ("kernel/kernel_oom_memcg_v1_dmesg_J.json.gz", "kernel-oom"),
            ("sidekiq/sidekiq641_json.log", "sidekiq"),
            ("sidekiq/sidekiq739_json.log", "sidekiq"),
            ("kubernetes/BUILT_FROM_DOCS_kubectl_get_pods.json", "kubernetes"),
            ("kubernetes/BUILT_FROM_DOCS_kubectl_get_events.json", "kubernetes"),
            ("heap/heapy_my_dump_1.head.json.gz", "ruby-heap"),
            ("heap/heap-1.json.gz", "ruby-heap"),
            ("heap/BUILT_FROM_DOCS_objectspace_dump_single.json", "ruby-heap"),
            ("prometheus/prometheus242_query_range_process_resident_memory_bytes.json", "prometheus-json"),
            ("prometheus/prometheus242_query_instant_vector.json", "prometheus-json"),
            ("prometheus/prometheus242_query_error_bad_data.json", "prometheus-json"),
        ])
    func otherJSONFormatsAreStillDetectedAsBefore(fixture: String, format: String) throws {
        let head = try head(fixture)
        #expect(FormatRegistry.detect(head: head)?.name == format)
    }

    @Test(
        arguments: [
            "memory/memory_samples_python_grow.jsonl", "gc-stat/ruby31_gc_stat.jsonl",
            "demo/gc_stat.jsonl.gz",
            "kernel/lnav_logfile_journald.json", "kernel/kernel_oom_memcg_v1_journalctl_k_json.jsonl.gz",
            "kernel/kernel_oom_memcg_v1_dmesg_J.json.gz", "sidekiq/sidekiq641_json.log", "sidekiq/sidekiq739_json.log",
            "kubernetes/BUILT_FROM_DOCS_kubectl_get_pods.json", "heap/heapy_my_dump_1.head.json.gz",
            "heap/BUILT_FROM_DOCS_objectspace_dump_single.json",
            "prometheus/prometheus242_query_range_process_resident_memory_bytes.json",
        ])
    func erlangJSONDetectionDoesNotClaimOtherJSONLines(fixture: String) throws {
        #expect(ArtifactFormat.erlangProcessJSON.detect(try head(fixture)) == 0)
    }

    @Test(arguments: ["erlang/json/proc_top.jsonl", "erlang/json/telemetry.jsonl"])
    func erlangJSONLinesAreDetected(fixture: String) throws {
        #expect(FormatRegistry.detect(head: try head(fixture))?.name == "erlang-processes-json")
        // and the term format does not claim them
        #expect(ArtifactFormat.erlangProcesses.detect(try head(fixture)) == 0)
    }

    @Test func readsJiffyProcessLinesAndErlangMemory() throws {
        // Given 12 one-second samples written by OTP 25 with jiffy: the top 8 processes, then erlang:memory()
        let sink = try Fixtures.parse("erlang/json/proc_top.jsonl", as: .erlangProcessJSON)
        #expect(sink.skipped.isEmpty)
        let samples = sink.processSamples
        #expect(samples.count == 96)
        // Then each line is a process with its pid, name, node and process_info values
        let first = try #require(samples.first)
        #expect(first.line == 1)
        #expect(first.ts.iso8601 == "2026-11-22T05:31:13.891Z")
        #expect(first.host == "memline_json@vm")
        #expect(first.pid == "<0.87.0>")
        #expect(first.registeredName == "busy_worker")
        #expect(first.memory == 1_574_056)
        #expect(first.messageQueueLen == 0)
        #expect(first.reductions == 36234)
        #expect(first.totalHeapSize == 196_649)
        #expect(first.heapSize == 75113)
        #expect(first.status == "waiting")
        // current_function as [Module, Function, Arity], initial_call as text: both module:function/arity
        #expect(first.currentFunction == "proc_json:worker/1")
        #expect(first.initialCall == "proc_lib:init_p/5")
        // null is no registered name
        #expect(samples.filter { $0.registeredName == nil }.count == 29)
        // And the hoarder's mailbox grows at every sample
        let queue = samples.filter { $0.registeredName == "mailbox_hoarder" }.compactMap(\.messageQueueLen)
        #expect(queue.count == 12)
        #expect(queue.first == 2200)
        #expect(queue.last == 24800)
        #expect(zip(queue, queue.dropFirst()).allSatisfy { $0 < $1 })
        // And erlang:memory() lines become one metric per category and total as erlang:total's RSS
        #expect(sink.metricSamples.count == 12 * 9)
        let total = try #require(sink.metricSamples.first { $0.label("type") == "total" })
        #expect(total.name == "erlang_memory_bytes")
        #expect(total.value == 15_189_424)
        #expect(total.line == 9)
        #expect(total.host == "memline_json@vm")
        #expect(sink.rssSamples.count == 12)
        #expect(sink.rssSamples.first?.process == "erlang:total")
        #expect(sink.rssSamples.first?.rssKB == 15_189_424.0 / 1024)
    }

    @Test func readsTelemetryPollerEventsWithMicrosecondTimes() throws {
        // Given telemetry_poller-shaped events: [vm, memory] and process_info of two registered processes
        let sink = try Fixtures.parse(
            "erlang/json/telemetry.jsonl", as: .erlangProcessJSON,
            context: ParseContext(sourceName: "t.jsonl", host: "web-1"))
        #expect(sink.skipped.isEmpty)
        #expect(sink.processSamples.count == 24)
        let hoarder = try #require(sink.processSamples.first)
        // Then measurements and metadata read as the line's own fields; time is microseconds since 1970
        #expect(hoarder.registeredName == "mailbox_hoarder")
        #expect(hoarder.pid == nil)
        #expect(hoarder.messageQueueLen == 2400)
        #expect(hoarder.memory == 480_848)
        #expect(hoarder.ts.milliseconds == 1_795_325_474_056)
        #expect(hoarder.host == "web-1")
        #expect(sink.metricSamples.count == 12 * 9)
        #expect(sink.rssSamples.count == 12)
        #expect(sink.rssSamples.first?.ts == hoarder.ts)
    }

    @Test func erlangMemoryAsJSONGivesTheRowsOfTheTermFormat() throws {
        // Given the first erlang:memory() printed with ~p by OTP 25
        let term = try Fixtures.parse("erlang/otp25_process_info_top10_erl.txt", as: .erlangProcesses)
        let first = try #require(term.metricSamples.first)
        let block = term.metricSamples.filter { $0.line == first.line }
        #expect(block.count == 9)
        // When the same categories are written as one JSON object (as maps:from_list(erlang:memory()) encodes)
        let members = block.map { "\"\($0.label("type") ?? "")\": \(Int($0.value ?? 0))" }.joined(separator: ", ")
        let json = "{\"ts\": \"\(first.ts.iso8601)\", \(members)}"
        let sink = RowCollector()
        var parser = ArtifactFormat.erlangProcessJSON.makeParser(ParseContext(sourceName: "memory.jsonl"))
        try parser.parseAll(Line.lines(of: json), into: sink)
        // Then the rows are the same, line numbers aside
        func unlined(_ samples: [MetricSample]) -> [MetricSample] {
            samples.map { sample in
                var s = sample
                s.line = 0
                return s
            }.sorted { $0.labelsJSON < $1.labelsJSON }
        }
        #expect(unlined(sink.metricSamples) == unlined(block))
        let termRSS = try #require(term.rssSamples.first { $0.line == first.line })
        let jsonRSS = try #require(sink.rssSamples.first)
        #expect(jsonRSS.rssKB == termRSS.rssKB)
        #expect(jsonRSS.process == termRSS.process)
        #expect(jsonRSS.ts == termRSS.ts)
    }

    @Test func fieldSpellingsOfOtherExportersAndBadLines() throws {
        let text = """
            {"time": 1795311566, "pid": "#PID<0.250.0>", "name": "Elixir.MyApp.Cache", "mailbox": 12, "mem": "20480", \
            "current_function": "MyApp.Cache.handle_call/3", "initial_call": ":proc_lib.init_p/5", "status": ":waiting"}
            {"timestamp": 1795311566250, "pid": "0.251.0", "msgq": 3, "memory": 1024, "current_function": \
            {"module": "gen_server", "function": "loop", "arity": 7}}
            {"ts": "2026-11-22T01:40:39Z", "pid": "<0.252.0>", "queue_len": 1, "memory": "lots"}
            {"level": "info", "msg": "request served", "duration_ms": 12}
            not json at all
            {"ts": "yesterday", "pid": "<0.253.0>", "memory": 1}

            {"pid": "<0.254.0>", "name": "Elixir.Task.Supervised.invoke_mfa/2", "message_queue_len": 0, \
            "reductions": 99}
            """
        let sink = RowCollector()
        let at = Timestamp(milliseconds: 1_714_564_800_000)
        var parser = ArtifactFormat.erlangProcessJSON.makeParser(ParseContext(sourceName: "procs-x.jsonl", at: at))
        try parser.parseAll(Line.lines(of: text), into: sink)
        let samples = sink.processSamples
        #expect(samples.map(\.pid) == ["<0.250.0>", "<0.251.0>", "<0.254.0>"])
        // Elixir spellings: #PID<…>, Elixir.-prefixed names, format_mfa text, :atoms
        #expect(samples[0].registeredName == "MyApp.Cache")
        #expect(samples[0].messageQueueLen == 12)
        #expect(samples[0].memory == 20480)
        #expect(samples[0].currentFunction == "MyApp.Cache:handle_call/3")
        #expect(samples[0].initialCall == "proc_lib:init_p/5")
        #expect(samples[0].status == "waiting")
        #expect(samples[0].ts.milliseconds == 1_795_311_566_000)
        // Unix milliseconds, a bare pid, an MFA object
        #expect(samples[1].ts.milliseconds == 1_795_311_566_250)
        #expect(samples[1].messageQueueLen == 3)
        #expect(samples[1].currentFunction == "gen_server:loop/7")
        // No time on the line: --at
        #expect(samples[2].ts == at)
        #expect(samples[2].reductions == 99)
        // a name that is an MFA (an unregistered process, as some tools print it) is no registered name
        #expect(samples[2].registeredName == nil)
        // A bad value, a bad time and a line that is not JSON are skipped with what was expected; the log event
        // that is no process is not an error
        #expect(sink.skipped.map(\.line) == [3, 5, 6])
        #expect(sink.skipped[0].reason.contains("memory: expected a whole number"))
        #expect(sink.skipped[1].reason.contains("expected one JSON object per line"))
        #expect(sink.skipped[2].reason.contains("expected RFC 3339 or Unix time"))
    }

    @Test func ingestedJSONSnapshotsRankProcessesLikeTheTermFormat() throws {
        let db = try MemlineDatabase.inMemory()
        let summary = try db.ingest(path: Fixtures.path("erlang/json/proc_top.jsonl"))
        #expect(summary.format == "erlang-processes-json")
        let growth = try db.processGrowth()
        let hoarder = try #require(growth.first { $0.registeredName == "mailbox_hoarder" })
        #expect(hoarder.pid == "<0.85.0>")
        #expect(hoarder.samples == 12)
        #expect(hoarder.queueGrowth == 24800 - 2200)
        #expect(hoarder.currentFunction == "proc_json:hoard/0")
        let stored = try db.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM process_samples WHERE host = 'memline_json@vm'")
        }
        #expect(stored == 96)
    }

    @Test func aPidReusedByARestartedNodeIsAnotherProcess() throws {
        // Given a node whose process <0.92.0> loads a table, then a restarted node whose <0.92.0> loads it again:
        // its reductions, counted from its start, fall at the restart
        let db = try MemlineDatabase.inMemory()
        let lines = [
            (0, 7_000_000, 161_188), (3, 57_000_000, 2_000_861), (6, 57_000_000, 2_000_862),
            (60, 6_600_000, 146_574), (63, 57_000_000, 2_014_069), (66, 57_000_000, 2_014_070),
        ].map { s, memory, reductions in
            #"{"ts":"2026-12-06T23:2\#(s / 60):\#(String(format: "%02d", s % 60))Z","node":"n@h","pid":"<0.92.0>","#
                + #""registered_name":"tariff_book","memory":\#(memory),"reductions":\#(reductions)}"#
        }
        try Fixtures.ingest(lines, named: "reused-pid.jsonl", into: db)
        // Then each node's <0.92.0> is a process of its own, each grown by its own load, not one that fell and rose
        let lives = try db.processGrowth().filter { $0.registeredName == "tariff_book" }
        #expect(lives.count == 2)
        #expect(lives.map(\.samples) == [3, 3])
        #expect(lives.map(\.memoryFirst) == [7_000_000, 6_600_000])
    }

    @Test func reductionsSampledPerIntervalMarkNoNewLife() throws {
        // Given a probe that records the reductions of each interval (as recon:proc_window does): they rise and fall
        let db = try MemlineDatabase.inMemory()
        let lines = [(0, 9000), (3, 4000), (6, 12000), (9, 3000), (12, 8000), (15, 2000)].map { s, reductions in
            #"{"ts":"2026-12-06T23:20:\#(String(format: "%02d", s))Z","node":"n@h","pid":"<0.94.0>","#
                + #""registered_name":"router","memory":\#(1_000_000 + s * 100_000),"reductions":\#(reductions)}"#
        }
        try Fixtures.ingest(lines, named: "windowed.jsonl", into: db)
        // Then the process keeps one life: its falls are the probe's windows, not restarts
        let router = try db.processGrowth().filter { $0.registeredName == "router" }
        #expect(router.map(\.samples) == [6])
    }
}
