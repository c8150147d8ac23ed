import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// Suspects found inside a growth window: Ruby heap diff groups (`heap-incident/`: a Ruby service whose vendored
/// newrelic_rpm keeps a 48 KB trace per request, three ObjectSpace dumps and pidstat), heap profile functions
/// (`profile-incident/`: a C service under jemalloc whose session_store_put keeps 32 KiB per request, three prof.dump
/// profiles and pidstat), and Erlang processes (`erlang/`: OTP 25's process_info and erlang:memory() samples where
/// mailbox_hoarder queues messages). Each recording has a healthy twin that must name nothing.
struct GroupSuspectTests {
    static let gemSite = "/srv/app/vendor/bundle/ruby/3.1.0/gems/newrelic_rpm-3.9.6/lib/new_relic/agent.rb:6"
    private static let hasSymbolizer = SymbolTool.find() != nil

    /// A fresh database holding every file of a recorded folder (`heap-incident/leak`…).
    private func database(_ folder: String, only: ((String) -> Bool)? = nil) throws -> MemlineDatabase {
        let db = try MemlineDatabase.inMemory()
        let dir = Fixtures.path(folder)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where only?(name) ?? true {
            _ = try db.ingest(path: dir + "/" + name)
        }
        return db
    }

    private func firstCell(_ db: MemlineDatabase, _ sql: String) throws -> QueryResult.Cell? {
        try db.query(sql: sql).rows.first?.first
    }

    // MARK: Heap snapshots

    @Test func gemSiteKeepingTheGrowthIsNamedFromTheSnapshotsOfTheGrowingProcess() throws {
        // Given a Ruby process that leaks (pidstat) and three heap dumps of its pid taken meanwhile
        let db = try database("heap-incident/leak")
        // When analysed
        _ = try Analysis.run(on: db)
        #expect(try db.trends().map(\.kind) == ["leak"])
        // Then the gem's allocation site is the first allocation_site suspect, confidently (three snapshots, rising,
        // and its memsize is most of the RSS kept while those objects were allocated)
        let suspects = try db.suspects()
        let site = try #require(suspects.first { $0.kind == "allocation_site" })
        #expect(site.name == Self.gemSite)
        #expect(site.isConfident)
        #expect(site.reason.contains("still alive in heap-pid14992-2026-11-22T05-33-27Z"))
        #expect(site.reason.contains("memsize understates RSS"))
        #expect(site.reason.contains("124 → 331 → 538"))
        // And the gem holding most of the leak is named too
        let gem = try #require(suspects.first { $0.kind == "gem" })
        #expect(gem.name == "newrelic_rpm 3.9.6")
        // And the app's own cache (12 KB per request, under 5 MB in the window) is not named, nor the process as
        // "unexplained": the snapshots explain it
        #expect(!suspects.contains { $0.name.hasPrefix("app/web.rb") })
        #expect(!suspects.contains { $0.kind == "process" })
        // And the evidence points at the dumps' lines and at pidstat's
        let evidence = try db.evidence(forSuspect: site.id)
        #expect(evidence.filter { $0.file?.hasPrefix("heap-pid14992-") == true && $0.line != nil }.count >= 4)
        #expect(
            evidence.contains { $0.label.hasPrefix("leaked object") && $0.value?.contains("memsize 48,040") == true })
        #expect(evidence.contains { $0.file == "pidstat.txt.gz" && $0.line != nil })
        #expect(evidence.contains { $0.value?.contains("NewRelic::Agent (module)") == true })
        // And its SQL reproduces the figure: the site first, with the memsize of the reason
        let rows = try db.query(sql: site.sql).rows
        #expect(rows.first?.first == .text(Self.gemSite))
        if case .integer(let memsize) = rows.first?[2] {
            #expect(Int(site.explainedKB) == Int((Double(memsize) / 1024).rounded()))
        } else {
            Issue.record("no memsize in \(rows)")
        }
    }

    @Test func heapDiffStoredForTheSameSnapshotsIsReadBack() throws {
        // Given an analysis that stored the three-snapshot diff
        let db = try database("heap-incident/leak")
        _ = try Analysis.run(on: db)
        let stored = try firstCell(db, "SELECT count(*) FROM heap_diff")
        // When the stored rows are marked and the analysis runs again
        try db.write { db in try db.execute(sql: "UPDATE heap_diff SET retention_path = 'read back from heap_diff'") }
        _ = try Analysis.run(on: db)
        // Then the diff is not computed again: the marked rows are what the evidence shows
        #expect(try firstCell(db, "SELECT count(*) FROM heap_diff") == stored)
        let site = try #require(try db.suspects().first { $0.kind == "allocation_site" })
        #expect(try db.evidence(forSuspect: site.id).contains { $0.value == "read back from heap_diff" })
    }

    @Test func twoSnapshotsGiveAHedgedSite() throws {
        // Given only the first and last dumps
        let db = try database("heap-incident/leak") { !$0.contains("05-33-06") }
        _ = try Analysis.run(on: db)
        // Then the site is still the first allocation_site, but hedged: new objects may be short-lived
        let site = try #require(try db.suspects().first { $0.kind == "allocation_site" })
        #expect(site.name == Self.gemSite)
        #expect(!site.isConfident)
        #expect(site.reason.hasPrefix("Possibly objects allocated at"))
        #expect(site.reason.contains("take a third snapshot"))
    }

    @Test func healthyHeapRecordingNamesNothing() throws {
        // Given the same service with bounded caches: RSS warms up and levels off, dumps taken meanwhile
        let db = try database("heap-incident/healthy")
        _ = try Analysis.run(on: db)
        // Then nothing grows and nothing is named, although the dumps are diffed (a retained view is read even
        // where RSS levelled off): the bounded caches' sites do not rise at every dump
        #expect(try db.trends().allSatisfy { $0.kind != "leak" && $0.kind != "step" })
        #expect(try db.suspects().isEmpty)
        #expect(try firstCell(db, "SELECT count(*) FROM heap_diff") != .integer(0))
    }

    @Test func snapshotsOfAnotherProcessAreNotUsed() throws {
        // Given the leaking service's RSS and the planted-leak dumps of heap/record.rb (no pid in their names)
        let db = try database("heap-incident/leak") { $0 == "pidstat.txt.gz" }
        for i in 1...3 { _ = try db.ingest(path: Fixtures.path("heap/heap-\(i).json.gz")) }
        _ = try Analysis.run(on: db)
        // Then no heap suspect is named: the dumps cannot be tied to the growing pid
        #expect(try db.suspects().map(\.kind) == ["process"])
    }

    // MARK: Heap profiles

    @Test func functionHoldingTheGrowthIsNamedFromTheProfilesOfTheGrowingProcess() throws {
        // Given a C process under jemalloc that leaks (pidstat) and three prof.dump profiles of its pid
        let db = try database("profile-incident/leak") { $0 != "session_cache.bin" }
        _ = try Analysis.run(on: db)
        // Then the first suspect is the allocating function (unsymbolized: the binary's offset), confidently
        let first = try #require(try db.suspects().first)
        #expect(first.kind == "function")
        #expect(first.name.hasPrefix("session_cache+0x"))
        #expect(first.isConfident)
        #expect(first.reason.contains("allocator frames skipped"))
        #expect(first.reason.contains("memline profile symbolize"))
        // And its evidence is the three profiles' headers, the stack's line in the last one and pidstat's lines
        let evidence = try db.evidence(forSuspect: first.id)
        #expect(evidence.filter { $0.file?.hasPrefix("jeprof-") == true && $0.line == 1 }.count == 3)
        #expect(evidence.contains { $0.label.hasPrefix("stack in") && ($0.line ?? 0) > 1 })
        #expect(evidence.contains { $0.file == "pidstat.txt.gz" })
        // And the SQL reproduces the growth from profile_diff
        let rows = try db.query(sql: first.sql).rows
        #expect(rows.first?.first == .text(first.name))
    }

    @Test(.enabled(if: hasSymbolizer, "needs addr2line (binutils) or llvm-symbolizer"))
    func symbolizedProfilesNameTheLeakingFunction() throws {
        let db = try database("profile-incident/leak") { $0 != "session_cache.bin" }
        _ = try db.symbolizeProfiles([], binary: Fixtures.path("profile-incident/session_cache.bin"))
        _ = try Analysis.run(on: db)
        let functions = try db.suspects().filter { $0.kind == "function" }
        #expect(functions.map(\.name) == ["session_store_put"])
        #expect(functions.first?.reason.contains("symbolize") == false)
    }

    @Test func healthyProfileRecordingNamesNothing() throws {
        let db = try database("profile-incident/healthy") { $0 != "session_cache.bin" }
        _ = try Analysis.run(on: db)
        #expect(try db.trends().map(\.kind) == ["flat"])
        #expect(try db.suspects().isEmpty)
    }

    // MARK: Erlang processes

    /// The node in the OTP 25 recording grew 9.7 MB in 20 s (erlang:memory() total), just under the 10 MB default.
    private func erlangThresholds() -> AnalysisThresholds {
        var t = AnalysisThresholds()
        t.minGrowthKB = 5 * 1024
        return t
    }

    @Test func processWithTheGrowingMailboxIsNamedForTheNodesGrowth() throws {
        // Given process_info and erlang:memory() samples of one node whose memory grows
        let file = "erlang/otp25_process_info_top10_erl.txt"
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path(file))
        _ = try Analysis.run(on: db, thresholds: erlangThresholds())
        let trends = try db.trends()
        #expect(trends.map(\.process) == ["erlang:total"])
        #expect(trends.first.map { $0.kind == "leak" || $0.kind == "step" } == true)
        // Then the process that grew most, with its mailbox, is the first process suspect, confidently
        let first = try #require(try db.suspects().first { $0.kind == "erlang_process" })
        #expect(first.name == "<0.79.0> (mailbox_hoarder)")
        #expect(first.isConfident)
        #expect(first.reason.contains("messages (up from"))
        #expect(first.reason.contains("proc_top:hoard/0"))
        // And busy_worker (2.8 MB, no mailbox) is not named
        #expect(try !db.suspects().contains { $0.name.contains("busy_worker") })
        // And the evidence is its process_info lines in the file and the node's memory samples
        let evidence = try db.evidence(forSuspect: first.id)
        #expect(evidence.filter { $0.label.hasPrefix("process_info") && $0.line != nil }.count >= 2)
        #expect(evidence.allSatisfy { $0.file == (file as NSString).lastPathComponent })
        // And the SQL lists its samples, the last one with the queue of the reason
        let rows = try db.query(sql: first.sql).rows
        #expect(rows.count >= 3)
        if case .integer(let queue) = rows.last?[4] {
            #expect(first.reason.contains("mailbox at \(formatCount(Int(queue))) messages"))
        } else {
            Issue.record("no queue in \(rows)")
        }
    }

    @Test func erlangNodeBelowTheGrowthThresholdNamesNothing() throws {
        // Given the same samples (8.8 MB kept, under the 10 MB floor) where a rise under it counts only as a line
        // no real series draws (R² above 1)
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("erlang/otp25_process_info_top10_erl.txt"))
        var t = AnalysisThresholds()
        t.steadyClimbMinR2 = 1.1
        _ = try Analysis.run(on: db, thresholds: t)
        // Then the growing mailbox alone names nothing
        #expect(try db.suspects().isEmpty)
    }

    @Test func erlangNodeClimbingAsALineUnderTheFloorNamesItsMailbox() throws {
        // Given the same samples with the default thresholds: 13 → 22.7 MB in 19 s, R² 0.97, a quarter in the
        // last third
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("erlang/otp25_process_info_top10_erl.txt"))
        _ = try Analysis.run(on: db)
        // Then the node leaks and the process with the growing mailbox is named
        #expect(try db.trends().first?.kind == "leak")
        #expect(try db.suspects().first?.name == "<0.79.0> (mailbox_hoarder)")
    }

    // MARK: Existing incidents

    @Test func leakIncidentWithUnrelatedDumpsAndProfilesKeepsItsCulprit() throws {
        // Given the recorded endpoint leak plus heap dumps, heap profiles and Erlang samples of other processes
        let db = try IncidentFixture.database("leak")
        for i in 1...3 { _ = try db.ingest(path: Fixtures.path("heap/heap-\(i).json.gz")) }
        _ = try db.ingest(path: Fixtures.path("jemalloc/jeprof.out.16429.0.i0.heap"))
        _ = try db.ingest(path: Fixtures.path("jemalloc/jeprof.out.16429.3.f.heap"))
        _ = try Analysis.run(on: db)
        // Then the culprit and the kinds named are those of the incident alone
        let plain = try IncidentFixture.database("leak")
        _ = try Analysis.run(on: plain)
        #expect(try db.suspects().map(\.name) == (try plain.suspects().map(\.name)))
        #expect(try db.suspects().first?.name == "/reports/:id")
    }
}
