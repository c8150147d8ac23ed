import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct ProfileTrendTests {
    private static let hasSymbolizer = SymbolTool.find() != nil

    /// The twelve dumps of `jemalloc/series/` copied to a scratch directory with `mtimes` applied, ingested in
    /// the order given (file names sort i0, i1, i10, f, i2… — not the dump order).
    private func ingestSeries(mtimes: (_ name: String, _ recorded: Date) -> Date?) throws -> MemlineDatabase {
        let manifest = try String(
            contentsOfFile: Fixtures.path("jemalloc/series/jeprof_series_mtimes.tsv"), encoding: .utf8)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try MemlineDatabase.inMemory()
        var names: [String] = []
        for row in manifest.split(separator: "\n") {
            let fields = row.split(separator: "\t").map(String.init)
            let recorded = try #require(Timestamp.parseISO(fields[1])).date
            let copy = dir.appendingPathComponent(fields[0])
            try FileManager.default.copyItem(atPath: Fixtures.path("jemalloc/series/\(fields[0])"), toPath: copy.path)
            if let date = mtimes(fields[0], recorded) {
                try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: copy.path)
            }
            names.append(fields[0])
        }
        #expect(names.count == 12)
        for name in names.sorted() { _ = try db.ingest(path: dir.appendingPathComponent(name).path) }
        return db
    }

    @Test(.enabled(if: hasSymbolizer, "needs addr2line (binutils) or llvm-symbolizer"))
    func aRealIntervalSeriesTellsSteadyGrowthFromOneJumpAndNoise() throws {
        // Given jemalloc's eleven interval dumps and final dump of one process, with the mtimes they were written at
        let db = try ingestSeries { _, recorded in recorded }
        _ = try db.symbolizeProfiles([], binary: Fixtures.path("jemalloc/series/jeprof_series.bin"))
        // When the growth per function is followed over them
        let trend = try db.profileTrend()
        // Then the dumps are in jemalloc's sequence order, spanning the 3.36 s the program ran
        #expect(trend.pid == 4298)
        #expect(trend.points.map(\.seq) == Array(0...11))
        #expect(trend.points.last?.label == "jeprof.series.4298.11.f")
        let hours = try #require(trend.hours)
        #expect(abs(hours * 3600 - 3.36) < 0.001)
        func row(_ name: String) throws -> ProfileTrend.FunctionRow {
            try #require(trend.functions.first { $0.name == name })
        }
        // cache_insert keeps 48 KiB every iteration: it rose at every dump
        let cache = try row("cache_insert")
        #expect(trend.functions.first?.name == "cache_insert")
        #expect(cache.shape == .steadyGrowth)
        #expect(cache.measures.risingSteps == 11)
        #expect(cache.measures.kendallTau == 1)
        #expect(try #require(cache.measures.largestStepShare) < 0.15)
        #expect(abs(try #require(cache.ratePerHour) - cache.growthBytes / hours) < 1e-6)
        #expect(abs(cache.ratePerDump - cache.growthBytes / 11) < 1e-9)
        // load_table's 1.5 MiB arrive in one step, between the third and fourth dump
        let table = try row("load_table")
        #expect(table.shape == .oneJump)
        #expect(table.firstBytes == 0)
        #expect(table.bytes[3] == 1_572_864)
        #expect(table.measures.largestStepShare == 1)
        #expect(table.measures.risingSteps == 1)
        // the request ring is reused, the batch buffer fills and is freed, libstdc++'s start-up block never moves
        #expect(try row("handle_request").shape == .flat)
        #expect(try row("batch_buffer").shape == .upAndDown)
        #expect(trend.functions.filter { $0.shape == .flat }.count >= 2)
        #expect(trend.namedFrames > 0)
    }

    @Test(.enabled(if: hasSymbolizer, "needs addr2line (binutils) or llvm-symbolizer"))
    func lastVersusFirstIsWhatProfileDiffAndJeprofBaseGive() throws {
        // Given the symbolized series
        let db = try ingestSeries { _, recorded in recorded }
        _ = try db.symbolizeProfiles([], binary: Fixtures.path("jemalloc/series/jeprof_series.bin"))
        // When the trend and the diff of its first and last dump are both taken
        let trend = try db.profileTrend()
        let first = try #require(trend.points.first)
        let last = try #require(trend.points.last)
        let diff = try db.profileDiff(base: first.label, target: last.label)
        // Then each function's growth is the diff's flat growth
        for f in trend.functions where f.growthBytes != 0 {
            let d = try #require(diff.functions.first { $0.name == f.name })
            #expect(abs(d.flatBytes - f.growthBytes) < 1e-6)
        }
        #expect(abs(diff.totalBytes - (last.totalBytes - first.totalBytes)) < 1e-6)
        // And the total and shares are `jeprof --text --base=<i0> leaky_series <f>`'s
        let jeprof = try String(
            contentsOfFile: Fixtures.path("jemalloc/series/jeprof_series_text_base_first_vs_final.txt"),
            encoding: .utf8)
        #expect(jeprof.contains("Total: \(ProfileReport.megabytes(last.totalBytes - first.totalBytes)) MB"))
        let total = last.totalBytes - first.totalBytes
        for name in ["cache_insert", "load_table", "batch_buffer"] {
            let f = try #require(trend.functions.first { $0.name == name })
            let share = ProfileReport.percent(f.growthBytes / total)
            #expect(jeprof.split(separator: "\n").contains { $0.hasSuffix(" \(name)") && $0.contains(" \(share) ") })
        }
        // And the stored rows join to profile_diff on first/last dump and function
        let mismatches = try db.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM profile_trend t
                    JOIN profile_diff d ON d.base_id = t.first_id AND d.target_id = t.last_id
                      AND d.grouping = t.grouping AND d.key = t.function
                    WHERE abs(d.growth_bytes - t.growth_bytes) > 1e-6
                    """)
        }
        #expect(mismatches == 0)
        let stored = try db.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM profile_trend WHERE function = 'load_table' AND grouping = 'flat'")
        }
        let r = try #require(stored)
        #expect(r["shape"] as String == "one jump")
        #expect(r["profiles"] as Int == 12)
        let series = try db.read { db in
            try Double.fetchAll(
                db,
                sql: """
                    SELECT j.value FROM profile_trend t, json_each(t.bytes_series) j
                    WHERE t.function = 'load_table' ORDER BY j.key
                    """)
        }
        #expect(series.prefix(4) == [0, 0, 0, 1_572_864])
    }

    @Test func withoutSymbolsOrTimesTheSeriesFollowsTheSequenceAndRatesArePerDump() throws {
        // Given the series copied with one mtime for every file (as `cp` without -p leaves them)
        let same = Date(timeIntervalSince1970: 1_795_311_566)
        let db = try ingestSeries { _, _ in same }
        // When followed without symbols
        let trend = try db.profileTrend()
        // Then dumps still go by sequence number, rates are per dump, and the program's frames read module+offset
        #expect(trend.points.map(\.seq) == Array(0...11))
        #expect(trend.hours == nil)
        #expect(trend.functions.allSatisfy { $0.ratePerHour == nil })
        let top = try #require(trend.functions.first)
        #expect(top.name.hasPrefix("leaky_series+0x"))
        #expect(top.shape == .steadyGrowth)
        #expect(trend.functions.contains { $0.shape == .oneJump && $0.bytes[3] == 1_572_864 })
        #expect(trend.rendered(as: .table).contains("/dump"))
        #expect(trend.rendered(as: .table).contains("frames symbolized"))
    }

    @Test func cumulativeCountsEveryFunctionOnTheStackAndIsStoredApart() throws {
        let db = try ingestSeries { _, recorded in recorded }
        let flat = try db.profileTrend()
        let cumulative = try db.profileTrend(cumulative: true)
        #expect(cumulative.grouping == "cumulative")
        // _start and libc's start-up frames are on every stack of the program, so they hold the whole growth
        let total = try #require(cumulative.points.last).totalBytes - (try #require(cumulative.points.first)).totalBytes
        #expect(abs(try #require(cumulative.functions.first).growthBytes - total) < 1e-6)
        let counts = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT grouping, count(*) AS n FROM profile_trend GROUP BY grouping ORDER BY 1")
        }
        #expect(counts.map { $0["grouping"] as String } == ["cumulative", "flat"])
        #expect(counts.last?["n"] as Int? == flat.functions.count)
        // running again replaces, not appends
        _ = try db.profileTrend()
        let again = try db.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM profile_trend WHERE grouping = 'flat'")
        }
        #expect(again == flat.functions.count)
    }

    @Test func rendersTableMarkdownCSVAndJSON() throws {
        let db = try ingestSeries { _, recorded in recorded }
        let trend = try db.profileTrend()
        let table = trend.rendered(as: .table, limit: 3)
        #expect(
            table.hasPrefix("Heap trend of pid 4298: 12 dumps, jeprof.series.4298.0.i0 → jeprof.series.4298.11.f"))
        #expect(table.contains("per hour"))
        #expect(table.contains("steady growth"))
        #expect(table.contains("11/11"))
        let markdown = trend.rendered(as: .markdown, limit: 3)
        #expect(markdown.hasPrefix("## Heap trend of pid 4298"))
        #expect(markdown.contains("### Dumps"))
        let csv = trend.rendered(as: .csv, limit: 3).split(separator: "\n")
        #expect(csv.count == 4)
        #expect(csv[0].hasPrefix("function,shape,first_bytes,last_bytes,peak_bytes,growth_bytes,rate_per_hour"))
        #expect(csv[0].hasSuffix("jeprof.series.4298.10.i10,jeprof.series.4298.11.f"))
        let json = trend.rendered(as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["pid"] as? Int == 4298)
        #expect((object["dumps"] as? [Any])?.count == 12)
        let functions = try #require(object["functions"] as? [[String: Any]])
        #expect((functions.first?["bytes"] as? [Any])?.count == 12)
        #expect(functions.first?["shape"] as? String == "steady growth")
    }

    @Test func severalProcessesNeedAPidAndOneDumpIsNoTrend() throws {
        let db = try MemlineDatabase.inMemory()
        #expect(throws: ProfileError.noProfiles) { try db.profileTrend() }
        _ = try db.ingest(path: Fixtures.path("jemalloc/jeprof.out.16429.3.f.heap"))
        #expect(throws: ProfileError.tooFewProfiles(pid: 16429, count: 1)) { try db.profileTrend() }
        _ = try db.ingest(path: Fixtures.path("jemalloc/series/jeprof.series.4298.0.i0.heap.gz"))
        _ = try db.ingest(path: Fixtures.path("jemalloc/series/jeprof.series.4298.1.i1.heap.gz"))
        #expect(throws: ProfileError.severalProcesses([4298, 16429])) { try db.profileTrend() }
        #expect(throws: ProfileError.noProfilesOfProcess(7, known: [4298, 16429])) { try db.profileTrend(pid: 7) }
        #expect(try db.profileTrend(pid: 4298).points.count == 2)
        #expect(ProfileError.severalProcesses([1, 2]).localizedDescription.contains("--pid"))
    }

    @Test(
        arguments: [
            ([0, 10, 20, 30, 40, 50], ProfileTrendShape.steadyGrowth),
            ([0, 12, 19, 33, 38, 50], .steadyGrowth),
            ([0, 0, 0, 90, 90, 92], .oneJump),
            ([100, 110, 95, 105, 101], .flat),
            ([0, 0, 0], .flat),
            ([10, 50, 90, 10, 50, 90, 20], .upAndDown),
            ([30, 80, 30, 80, 35], .upAndDown),
            ([100, 80, 60, 40], .shrinking),
            ([0, 50, 48, 46, 44, 42, 100, 98, 96, 94, 92, 150], .risingUnevenly),
        ] as [([Double], ProfileTrendShape)])
    func shapesOfSeries(bytes: [Double], shape: ProfileTrendShape) {
        #expect(ProfileTrendShape.classify(bytes).shape == shape)
    }

    @Test func monotonicityMeasures() {
        let steady = ProfileTrendShape.classify([0, 10, 20, 30])
        #expect(steady.kendallTau == 1)
        #expect(steady.risingSteps == 3)
        #expect(steady.largestStepShare == 1.0 / 3)
        let jump = ProfileTrendShape.classify([0, 0, 0, 30, 30, 30, 30])
        // Kendall's tau alone does not tell a jump (12 of 21 pairs rose); the largest step does
        #expect(abs(jump.kendallTau - 12.0 / 21) < 1e-12)
        #expect(jump.largestStepShare == 1)
        #expect(ProfileTrendShape.classify([5, 3]).kendallTau == -1)
        #expect(ProfileTrend.sparkline([0, 50, 100]) == "▁▅█")
    }
}
