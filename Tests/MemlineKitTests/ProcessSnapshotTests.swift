import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct ProcessSnapshotTests {
    @Test func anErlangCommentCarryingATimeDatesTheSamplesAfterIt() throws {
        // Given a probe's file where `%% sample 2026-12-06T20:55:08.491Z` comes before each process_info list
        let sink = try Fixtures.parse("verdicts/h12-beam-kilnwatch-zone-slices/procs.log.gz", as: .erlangProcesses)
        // Then no comment is an unreadable term, and the samples take the times of their comments
        #expect(sink.skipped.isEmpty)
        let times = Set(sink.processSamples.map(\.ts))
        #expect(times.count == 32)
        #expect(sink.processSamples.first?.ts.iso8601 == "2026-12-06T20:55:08.491Z")
    }

    @Test func aProbesRuledHeadersDateItsProplistsOfProcessesAndItsTables() throws {
        // Given a probe that writes `==== TIME NODE`, then erlang:memory(), its top processes as proplists that carry
        // their pid, and its largest ETS tables with their owner as {Pid, Name}
        let path = "verdicts/h23-beam-gullyford-portal-rows-ets-beside-batcher-mailbox-node-restart/memory-probe.txt"
        let sink = try Fixtures.parse(path, as: .erlangProcesses)
        // Then nothing is skipped, each sample takes its header's time, and the tables are samples of their own
        #expect(sink.skipped.isEmpty)
        #expect(Set(sink.processSamples.map(\.ts)).count == 25)
        #expect(sink.processSamples.first?.ts.iso8601 == "2026-12-07T06:26:12.180Z")
        let batcher = try #require(sink.processSamples.first { $0.registeredName == "toll_batcher" })
        #expect(batcher.pid == "<0.89.0>")
        #expect(batcher.messageQueueLen == 35992)
        let table = try #require(sink.processSamples.first { $0.registeredName == "ets:gf_portal_rows" })
        #expect(table.initialCall == ProcessSample.tableOwnerPrefix + "<0.87.0> portal_sessions")
        #expect(table.memory == 3649 * 8)
    }

    @Test func aReconResultsValuesAreWhatTheCallPrintedBeforeItRanksBy() throws {
        // Given a probe printing `recon:proc_count(memory, 6).` and `recon:proc_count(message_queue_len, 4).`, each
        // before its result
        let path = "verdicts/h25-beam-gorsemere-door-audit-mailbox-beside-tariff-vault-sms-restart/gorsemere-probe.log"
        let sink = try Fixtures.parse(path, as: .erlangProcesses)
        #expect(sink.skipped.isEmpty)
        // Then the second list's values are mailbox lengths, not memory
        let sink88 = sink.processSamples.filter { $0.registeredName == "door_audit_sink" }
        #expect(sink88.compactMap(\.messageQueueLen).max() == 28425)
        #expect(sink88.compactMap(\.memory).max() == 73_906_792)
        #expect(sink88.compactMap(\.memory).min().map { $0 > 1000 } ?? true)
    }

    @Test func sumsTheRefcBinariesAProcessReferences() throws {
        // Given process_info lists with `binary` ([{Address, Size, RefCount}, …]) of an OTP 25 node whose router
        // keeps slices of the frames it receives
        let sink = try Fixtures.parse(
            "verdicts/h11-beam-grainline-refc-binaries/procs.log.gz", as: .erlangProcesses)
        #expect(sink.skipped.isEmpty)
        // Then the first entry's binaries add up (10420 + 7036 + … + 19 bytes), and an empty list is 0
        let first = try #require(sink.processSamples.first)
        #expect(first.registeredName == "erl_prim_loader")
        #expect(first.binaryBytes == 56_161)
        #expect(sink.processSamples.first { $0.registeredName == "application_controller" }?.binaryBytes == 0)
        // And the router's binaries grow far beyond its own memory
        let router = sink.processSamples.filter { $0.registeredName == "probe_router" }
        let last = try #require(router.last)
        #expect((last.binaryBytes ?? 0) > 50_000_000 && (last.memory ?? 0) < 1_000_000)
        #expect((router.first?.binaryBytes ?? 0) < (last.binaryBytes ?? 0))
    }

    @Test func readsOTP25TopProcessesMemoryAndFullProcessInfo() throws {
        // Given 20 one-second samples of the top 10 processes printed with ~p, erlang:memory(), then full process_info
        let sink = try Fixtures.parse("erlang/otp25_process_info_top10_erl.txt", as: .erlangProcesses)
        #expect(sink.skipped.isEmpty)
        let samples = sink.processSamples
        #expect(samples.count == 203)
        // Then the first entry is code_server at its own line, dated by the line before the list
        let first = try #require(samples.first)
        #expect(first.line == 2)
        #expect(first.ts.iso8601 == "2026-11-22T01:40:39.785Z")
        #expect(first.pid == "<0.50.0>")
        #expect(first.registeredName == "code_server")
        #expect(first.memory == 176_224)
        #expect(first.reductions == 78697)
        #expect(first.currentFunction == "code_server:loop/1")
        #expect(first.initialCall == "erlang:apply/2")
        #expect(first.totalHeapSize == 21916)
        // [] means not registered
        #expect(samples[2].registeredName == nil)
        // A quoted atom reads as its name
        #expect(samples[2].currentFunction == "proc_top:-loop/1-lc$^0/1-0-/1")
        // And the mailbox hoarder's last top-10 entry
        let hoarder = samples.filter { $0.registeredName == "mailbox_hoarder" && $0.pid != nil }
        #expect(hoarder.count == 20)
        #expect(hoarder.last?.messageQueueLen == 37800)
        #expect(hoarder.last?.memory == 6_048_912)
        // And the full process_info snapshots have no pid but their name, status and heap sizes
        let full = samples.filter { $0.snapshot?.hasPrefix("full process_info(mailbox_hoarder)") == true }
        #expect(full.count == 1)
        #expect(full.first?.messageQueueLen == 39800)
        #expect(full.first?.status == "waiting")
        #expect(full.first?.heapSize == 233)
        // The last snapshot names its process only in the note
        #expect(samples.last?.registeredName == "mailbox_hoarder")
        #expect(samples.last?.messageQueueLen == 39800)
        // And erlang:memory() gives an erlang:total RSS row and nine categories per sample
        #expect(sink.rssSamples.count == 20)
        #expect(sink.rssSamples.first?.process == "erlang:total")
        #expect(sink.rssSamples.first?.rssKB == 13_308_176.0 / 1024)
        #expect(sink.metricSamples.count == 180)
        #expect(sink.metricSamples.first { $0.label("type") == "binary" }?.value == 327_896)
    }

    @Test func readsElixirInspectSnapshots() throws {
        let sink = try Fixtures.parse("erlang/elixir114_otp25_process_info_top10_inspect.txt", as: .erlangProcesses)
        #expect(sink.skipped.isEmpty)
        let samples = sink.processSamples
        #expect(samples.count == 104)
        let first = try #require(samples.first)
        #expect(first.pid == "<0.44.0>")
        #expect(first.line == 3)
        #expect(first.ts.iso8601 == "2026-11-22T01:40:33.834Z")
        #expect(first.registeredName == "application_controller")
        #expect(first.memory == 689_704)
        #expect(first.currentFunction == "gen_server:loop/7")
        #expect(samples[3].currentFunction == "Kernel.CLI:exec_fun/2")
        let agent = try #require(samples.first { $0.registeredName == "SessionCache" })
        #expect(agent.initialCall == "proc_lib:init_p/5")
        #expect(agent.memory == nil)
        #expect(sink.rssSamples.count == 10)
        #expect(sink.rssSamples.first?.rssKB == 23_511_960.0 / 1024)
    }

    @Test func cutTermsAndTermsWithoutTimeAreReported() throws {
        // Given a term cut by the next timestamp, and a file ending inside a term
        let text = """
            2026-11-22T01:40:39.785Z
            [{<0.50.0>,
              [{registered_name,code_server},
            2026-11-22T01:40:40.785Z
            [{<0.51.0>,[{memory,10}]}]
            garbage that is not a term
            [{<0.52.0>,
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.erlangProcesses.makeParser(ParseContext(sourceName: "p.txt"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.processSamples.map(\.pid) == ["<0.51.0>"])
        #expect(sink.processSamples.first?.memory == 10)
        #expect(sink.skipped.map(\.line) == [2, 7])
        #expect(sink.skipped.allSatisfy { $0.reason.contains("not closed") })

        // A term with no timestamp line, no --at and no file time cannot be dated
        let undated = RowCollector()
        var p2 = ArtifactFormat.erlangProcesses.makeParser(ParseContext(sourceName: "p.txt"))
        try p2.parseAll(Line.lines(of: "[{<0.1.0>,[{memory,1}]}]\n"), into: undated)
        #expect(undated.processSamples.isEmpty)
        #expect(undated.skipped.first?.reason.contains("without a time") == true)
    }

    @Test func readsReconProcCountByTheAttributeItsNoteNames() throws {
        let text = """
            2026-11-22T01:40:39.785Z recon:proc_count(message_queue_len, 2)
            [{<0.79.0>,39800,[mailbox_hoarder,{current_function,{proc_top,hoard,0}},{initial_call,{erlang,apply,2}}]},
             {<0.81.0>,0,[{current_function,{proc_top,worker,1}},{initial_call,{proc_lib,init_p,3}}]}]
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.erlangProcesses.makeParser(ParseContext(sourceName: "recon.txt"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.processSamples.map(\.messageQueueLen) == [39800, 0])
        #expect(sink.processSamples.map(\.memory) == [nil, nil])
        #expect(sink.processSamples.first?.registeredName == "mailbox_hoarder")
        #expect(sink.processSamples.map(\.line) == [2, 3])
    }

    @Test func ranksProcessesByMemoryAndMailboxGrowth() throws {
        // Given the OTP 25 snapshots in a database
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("erlang/otp25_process_info_top10_erl.txt"))
        // When processes are ranked over the window
        let ranking = ProcessGrowthRanking(processes: try db.processGrowth())
        // Then the hoarder leads both rankings: its mailbox grew from 200 to 39,800 messages
        let byQueue = ranking.ranked(by: .queue, top: 3)
        let hoarder = try #require(byQueue.first)
        #expect(hoarder.pid == "<0.79.0>")
        #expect(hoarder.registeredName == "mailbox_hoarder")
        #expect(hoarder.queueFirst == 200)
        #expect(hoarder.queueLast == 39800)
        #expect(hoarder.queueGrowth == 39600)
        #expect(hoarder.samples == 22)  // 20 in the top 10, plus the two full process_info printed by name
        #expect(hoarder.currentFunction == "proc_top:hoard/0")
        let byMemory = ranking.ranked(by: .memory, top: 2)
        #expect(byMemory.map(\.registeredName) == ["mailbox_hoarder", "busy_worker"])
        #expect(byMemory.first?.memoryGrowth == 6_048_912 - 32912)
        #expect(byMemory.last?.memoryGrowth == 2_917_736 - 21544)
        let text = ranking.rendered(as: .table, orders: [.memory, .queue], top: 3)
        #expect(text.contains("Largest mailbox growth: <0.79.0> (mailbox_hoarder) reached 39,800 messages"))
    }
}
