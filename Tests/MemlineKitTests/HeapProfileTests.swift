import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct HeapProfileTests {
    private static let hasSymbolizer = SymbolTool.find() != nil

    private func database(_ files: [String]) throws -> MemlineDatabase {
        let db = try MemlineDatabase.inMemory()
        for file in files { _ = try db.ingest(path: Fixtures.path("jemalloc/\(file)")) }
        return db
    }

    /// `Total: 3.3 MB` and the `flat flat% …` rows of a `jeprof --text` output.
    private func jeprofText(_ file: String) throws -> (totalMB: String, flatPercent: [String: String]) {
        let text = try String(contentsOfFile: Fixtures.path("jemalloc/\(file)"), encoding: .utf8)
        var total = ""
        var rows: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if line.hasPrefix("Total:") { total = String(fields[1]) }
            if fields.count >= 6, Double(fields[0]) != nil {
                rows[fields[5...].joined(separator: " ")] = String(fields[1])
            }
        }
        return (total, rows)
    }

    @Test func readsAJemallocHeapV2DumpWithItsStacksThreadsAndMaps() throws {
        // Given the final dump of a jemalloc process (prof_final)
        let sink = try Fixtures.parse("jemalloc/jeprof.out.16429.3.f.heap", as: .jemallocHeap)
        // Then its three stacks come with their t*: counts, frames youngest first, and the 46 map lines
        #expect(sink.skipped.isEmpty)
        let stacks = sink.profileStacks
        #expect(stacks.map(\.objects) == [47, 11, 1])
        #expect(stacks.map(\.bytes) == [3_149_962, 72_372, 81_939])
        #expect(stacks.map(\.line) == [5, 8, 11])
        #expect(stacks[0].frames.count == 9)
        #expect(stacks[0].frames[4] == 0x560c_a9f9_9177)
        #expect(stacks[0].framesText.hasPrefix("0x7f480f6a2630 0x7f480f6a2d21"))
        #expect(stacks[0].allocObjects == 0)
        #expect(sink.profileMaps.count == 46)
        #expect(sink.profileMaps[0].path == "/srv/app/leaky")
        #expect(sink.profileMaps[1].perms == "r-xp")
        #expect(sink.profileMaps[1].fileOffset == 0x1000)
        #expect(sink.profileMaps.last?.path == "[vsyscall]")
        #expect(sink.profileMaps.last?.start == Int64(bitPattern: 0xffff_ffff_ff60_0000))
        let profile = try #require(sink.heapProfiles.first)
        #expect(profile.kind == "jemalloc-heap")
        #expect(profile.profileType == "heap_v2")
        #expect(profile.samplePeriod == 16384)
        #expect(profile.sampling == .poisson)
        #expect(profile.pid == 16429)
        #expect(profile.seq == 3)
        #expect(profile.dumpTrigger == "final")
        #expect(profile.triggerSeq == nil)
        #expect(profile.label == "jeprof.out.16429.3.f")
        #expect(profile.threads == 1)
        #expect(profile.objects == 59)
        #expect(profile.bytes == 3_304_273)
        #expect(profile.allocBytes == nil)
        // And the in-use bytes are unbiased with jeprof's Poisson formula: s / (1 - exp(-(s/n)/16384)) per stack
        let expected = [(47.0, 3_149_962.0), (11, 72372), (1, 81939)].reduce(0.0) { sum, stack in
            sum + stack.1 / (1 - exp(-(stack.1 / stack.0) / 16384))
        }
        #expect(abs(profile.bytesUnbiased - expected) < 1e-6)
        #expect(Int(profile.bytesUnbiased.rounded()) == 3_504_874)
    }

    @Test(
        arguments: [
            ("jeprof.out.16429.0.i0.heap", 16429, 0, "interval", 0),
            ("jeprof.16429.12.m3.heap.gz", 16429, 12, "manual", 3),
            ("jeprof.77.5.u1.heap", 77, 5, "gdump", 1),
            ("jeprof.77.9.f.heap", 77, 9, "final", nil),
        ] as [(String, Int, Int, String, Int?)])
    func readsPidSequenceAndTriggerFromJemallocFileNames(name: String, pid: Int, seq: Int, trigger: String, n: Int?) {
        let parsed = HeapProfileName(name)
        #expect(parsed.pid == pid)
        #expect(parsed.seq == seq)
        #expect(parsed.trigger == trigger)
        #expect(parsed.triggerSeq == n)
    }

    @Test func aNameWithoutItsPidStillGivesTheSequence() {
        let parsed = HeapProfileName("coldroom.10.i10.heap")
        #expect(parsed.pid == nil)
        #expect(parsed.seq == 10)
        #expect(parsed.trigger == "interval")
        #expect(HeapProfileName("coldroom.15.f.heap").seq == 15)
    }

    @Test func namesWithoutJemallocsPatternGiveNoPid() {
        #expect(HeapProfileName("profile.out").pid == nil)
        #expect(HeapProfileName("heap.x.heap").pid == nil)
        #expect(HeapProfileName.label(for: "jeprof.1.2.i3.heap.gz") == "jeprof.1.2.i3")
    }

    @Test func unbiasedTotalMatchesJeprofTextWithoutSymbols() throws {
        // Given the final dump, not symbolized
        let db = try database(["jeprof.out.16429.3.f.heap"])
        let report = try db.profileTop("jeprof.out.16429.3.f")
        // Then the total is jeprof's `Total: 3.3 MB` and jemalloc's own frames are dropped by their library,
        // so the allocating frame of the biggest stack is the program's, at its file offset
        let jeprof = try jeprofText("jeprof_text_f.txt")
        #expect(ProfileReport.megabytes(report.totalBytes) == jeprof.totalMB)
        #expect(report.functions.first?.name == "leaky+0x1177")
        #expect(ProfileReport.percent(report.functions[0].flatBytes / report.totalBytes) == "91.4%")
        #expect(report.namedFrames == 0)
    }

    @Test(.enabled(if: hasSymbolizer, "needs addr2line (binutils) or llvm-symbolizer"))
    func symbolizedTopMatchesJeprofTextFunctionByFunction() throws {
        // Given the final dump and the binary that wrote it
        let db = try database(["jeprof.out.16429.3.f.heap"])
        let summary = try db.symbolizeProfiles([], binary: Fixtures.path("jemalloc/jeprof_leaky.bin"))
        #expect(summary.profiles == 1)
        #expect(summary.frames == 26)
        // When it is reduced to functions
        let report = try db.profileTop("jeprof.out.16429.3.f")
        // Then the functions of the binary have jeprof's flat and cumulative shares
        let jeprof = try jeprofText("jeprof_text_f.txt")
        func percent(_ name: String) -> String? {
            report.functions.first { $0.name == name }.map { ProfileReport.percent($0.flatBytes / report.totalBytes) }
        }
        #expect(percent("cache_insert").map { $0 == jeprof.flatPercent["cache_insert"] } == true)
        #expect(percent("handle_request").map { $0 == jeprof.flatPercent["handle_request"] } == true)
        #expect(jeprof.flatPercent["cache_insert"] == "91.4%")
        #expect(report.functions.prefix(2).map(\.name) == ["cache_insert", "handle_request"])
        let main = try #require(report.functions.first { $0.name == "main" })
        #expect(main.flatBytes == 0)
        #expect(ProfileReport.percent(main.cumulativeBytes / report.totalBytes) == "97.6%")
        #expect(report.stacks.first?.key.hasPrefix("cache_insert < main") == true)
        // And the answers are cached: a second run asks the tool nothing
        let again = try db.symbolizeProfiles([], binary: Fixtures.path("jemalloc/jeprof_leaky.bin"))
        #expect(again.resolved == 0)
        #expect(again.cached == again.lookups)
        let located = try db.read { db in
            try String.fetchOne(db, sql: "SELECT location FROM profile_frames WHERE function = 'cache_insert'")
        }
        // the call site: a return address less 1, as jeprof looks it up
        #expect(located == "/srv/app/leaky.c:9")
    }

    @Test(.enabled(if: hasSymbolizer, "needs addr2line (binutils) or llvm-symbolizer"))
    func diffMatchesJeprofBaseAndIsStored() throws {
        // Given the first interval dump and the final one
        let db = try database(["jeprof.out.16429.0.i0.heap", "jeprof.out.16429.3.f.heap"])
        _ = try db.symbolizeProfiles([], binary: Fixtures.path("jemalloc/jeprof_leaky.bin"))
        // When they are diffed like `jeprof --text --base=i0 leaky f`
        let report = try db.profileDiff(base: "jeprof.out.16429.0.i0", target: "jeprof.out.16429.3.f")
        // Then total and shares are jeprof's: 2.2 MB, cache_insert 99.2 %, handle_request 0.8 %,
        // and libstdc++'s start-up allocation (the same in both) is gone
        let jeprof = try jeprofText("jeprof_text_base_i0_vs_f.txt")
        #expect(ProfileReport.megabytes(report.totalBytes) == jeprof.totalMB)
        #expect(jeprof.totalMB == "2.2")
        let flat = report.functions.filter { $0.flatBytes != 0 }
        #expect(flat.map(\.name) == ["cache_insert", "handle_request"])
        #expect(
            flat.map { ProfileReport.percent($0.flatBytes / report.totalBytes) }
                == [jeprof.flatPercent["cache_insert"], jeprof.flatPercent["handle_request"]])
        #expect(Int(report.totalBytes.rounded()) == 2_353_104)
        #expect(report.functions.first { $0.name == "main" }.map { $0.cumulativeBytes == report.totalBytes } == true)
        // And the rows are in profile_diff
        let stored = try db.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT grouping, key, rank, round(share, 3) AS share FROM profile_diff ORDER BY grouping, rank")
        }
        let flatRows = stored.filter { ($0["grouping"] as String) == "flat" }
        #expect(flatRows.map { $0["key"] as String } == ["cache_insert", "handle_request"])
        #expect(flatRows.first?["share"] == 0.992)
        #expect(stored.contains { ($0["grouping"] as String) == "stack" })
        // And a second diff of the pair replaces the rows
        _ = try db.profileDiff(base: "jeprof.out.16429.0.i0", target: "jeprof.out.16429.3.f")
        let count = try db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM profile_diff") }
        #expect(count == stored.count)
    }

    @Test func intervalDumpsGrowInOrder() throws {
        let db = try database([
            "jeprof.out.16429.0.i0.heap", "jeprof.out.16429.1.i1.heap", "jeprof.out.16429.2.i2.heap",
            "jeprof.out.16429.3.f.heap",
        ])
        let profiles = try db.heapProfiles()
        #expect(profiles.map(\.seq) == [0, 1, 2, 3])
        #expect(profiles.map { Int($0.bytesUnbiased.rounded()) } == [1_151_770, 2_068_712, 2_855_752, 3_504_874])
        let list = try db.heapProfileList()
        #expect(list.rows.count == 4)
        #expect(list.rows[0][5] == .text("interval"))
    }

    @Test func readsGperftoolsHeaderTypesAsJeprofDoes() throws {
        let heap = try Fixtures.parse("jemalloc/pprof_cppbench.heap", as: .gperftoolsHeap)
        let h = try #require(heap.heapProfiles.first)
        #expect(h.profileType == "heapz_v2")
        #expect(h.sampling == .poisson)
        #expect(h.samplePeriod == 524_288)
        #expect(heap.profileStacks.count == 31)
        #expect(h.objects == 144)
        #expect(h.bytes == 8_498_176)
        #expect(heap.skipped.isEmpty)
        // The cooked `--- Memory map: ---` form, with its source=/home variable expanded
        #expect(heap.profileMaps.first?.path == "/home/cppbench_server_main")
        #expect(heap.profileMaps.first?.perms == nil)
        #expect(heap.profileMaps.count == 12)
        #expect(heap.profileMaps.last?.path == "[vsyscall]")

        let growth = try #require(
            try Fixtures.parse("jemalloc/pprof_cppbench.growth", as: .gperftoolsHeap).heapProfiles.first)
        #expect(growth.profileType == "growthz")
        #expect(growth.sampling == .none)
        #expect(growth.bytesUnbiased == Double(growth.bytes))

        let go = try Fixtures.parse("jemalloc/pprof_gobench.heap", as: .gperftoolsHeap)
        let g = try #require(go.heapProfiles.first)
        #expect(g.sampling == .uniform)
        #expect(g.samplePeriod == 524_288)  // half the header's 1048576, as jeprof reads `heap/R`
        // An empty stack (`1: 288 [2: 296] @`) and stacks with no objects in use are kept
        #expect(go.profileStacks.contains { $0.frames.isEmpty })
        #expect(go.profileStacks.contains { $0.objects == 0 && $0.allocObjects == 1 })
        #expect(go.skipped.isEmpty)
    }

    @Test func growthThroughStandardContainersIsOwnedByTheCallingFunction() {
        var aggregate = ProfileAggregate()
        let amount = ProfileAggregate.Amount(bytes: 1_048_576, objects: 1)
        aggregate.add(
            path: [
                "std::_Vector_base::_M_allocate", "std::vector::_M_realloc_insert", "AmendJournal::record", "serve",
            ],
            amount: amount, stackID: 1)
        aggregate.add(
            path: ["std::vector::_M_default_append", "std::vector::resize", "LaneMatrixCache::build", "serve"],
            amount: amount, stackID: 2)
        aggregate.add(
            path: ["alloc::raw_vec::RawVec::grow_one", "<alloc::vec::Vec<T> as Clone>::clone"], amount: amount)
        // jeprof's flat view keeps the container frames; the owner is the program's function past them.
        #expect(aggregate.flat["std::_Vector_base::_M_allocate"]?.bytes == 1_048_576)
        #expect(aggregate.owner["AmendJournal::record"]?.bytes == 1_048_576)
        #expect(aggregate.owner["LaneMatrixCache::build"]?.bytes == 1_048_576)
        #expect(aggregate.byOwner.flatStacks["AmendJournal::record"] == [1])
        // A stack of library frames only keeps its first.
        #expect(aggregate.owner["alloc::raw_vec::RawVec::grow_one"]?.bytes == 1_048_576)
        #expect(!StandardLibraryFrames.isLibrary("session_store"))
    }

    @Test func uniformSamplingScalesOnlySmallObjects() {
        // ratio = (s/n)/P: 1 object of 262144 bytes with P = 524288 → ratio 0.5 → doubled
        let small = HeapSampling.uniform.unbias(objects: 1, bytes: 262_144, period: 524_288)
        #expect(small.bytes == 524_288)
        #expect(small.objects == 2)
        let big = HeapSampling.uniform.unbias(objects: 1, bytes: 1_048_576, period: 524_288)
        #expect(big.bytes == 1_048_576)
        #expect(HeapSampling.poisson.unbias(objects: 0, bytes: 0, period: 16384).bytes == 0)
    }

    @Test func truncatedDumpAndGarbageLinesAreSkippedWithReasons() throws {
        // Given a dump cut after a stack's @ line, with a garbage line before it
        let text = """
            heap_v2/524288
              t*: 2: 100 [0: 0]
              t0: 2: 100 [0: 0]
            @ 0x1 0x2
              t*: 1: 60 [0: 0]
              t0: 1: 60 [0: 0]
            this is not a profile line
            @ 0x3 0x4
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.jemallocHeap.makeParser(ParseContext(sourceName: "cut.heap"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        // Then the complete stack is kept and both problems are reported with their line
        #expect(sink.profileStacks.count == 1)
        #expect(sink.skipped.map(\.line) == [7, 8])
        #expect(sink.skipped[1].reason.contains("t*:"))
        #expect(sink.heapProfiles.first?.stacks == 1)
    }

    @Test func aFileThatIsNotAProfileIsRefused() throws {
        let sink = RowCollector()
        var parser = ArtifactFormat.gperftoolsHeap.makeParser(ParseContext(sourceName: "x.heap"))
        try parser.parseAll(Line.lines(of: "--- heapz 1 ---\nformat = java\n"), into: sink)
        #expect(sink.heapProfiles.isEmpty)
        #expect(sink.skipped.count == 2)
        #expect(FormatRegistry.detect(head: ["heap_v2/524288"])?.name == "jemalloc-heap")
        #expect(FormatRegistry.detect(head: ["heap profile:  1:  2 [ 1:  2] @ heapprofile"])?.name == "gperftools-heap")
    }

    @Test func unknownProfilesAndMismatchedBinariesAreExplained() throws {
        let db = try database(["jeprof.out.16429.3.f.heap"])
        #expect(throws: ProfileError.self) { try db.profileTop("nope") }
        #expect(throws: ProfileError.unreadableBinary("/nonexistent/leaky")) {
            try db.symbolizeProfiles([], binary: "/nonexistent/leaky")
        }
        if Self.hasSymbolizer {
            // With profiles of two programs, a binary named like neither is refused unless the profiles are named
            _ = try db.ingest(path: Fixtures.path("jemalloc/pprof_cppbench.heap"))
            let bin = Fixtures.path("jemalloc/jeprof_leaky.bin")
            #expect(throws: ProfileError.self) { try db.symbolizeProfiles([], binary: bin) }
            let named = try db.symbolizeProfiles(["jeprof.out.16429.3.f"], binary: bin)
            #expect(named.framesNamed > 0)
        }
    }

    @Test func shortFunctionNamesDropArgumentsTemplatesAndReturnTypes() {
        #expect(ShortFunctionName.of("std::__throw_ios_failure(char const*, int)") == "std::__throw_ios_failure")
        #expect(
            ShortFunctionName.of("std::vector<int, std::allocator<int> >::_M_realloc_insert(int const&)")
                == "std::vector::_M_realloc_insert")
        #expect(ShortFunctionName.of("void* newImpl<false>(unsigned long)") == "void* newImpl")
        #expect(ShortFunctionName.of("cache_insert") == "cache_insert")
    }
}
