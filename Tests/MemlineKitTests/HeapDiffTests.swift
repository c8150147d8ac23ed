import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// The three recorded snapshots of `Fixtures/heap/record.rb` (Ruby 3.1, planted leak) and small
/// hand-written dumps for the edge cases.
struct HeapDiffTests {
    static let gemFile = "/srv/app/vendor/bundle/ruby/3.1.0/gems/newrelic_rpm-3.9.6/lib/new_relic/agent.rb"

    /// The three recorded snapshots, ingested once per test run into a file that each test copies.
    static let recordedTemplate: Result<String, any Error> = Result {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("heap-template.sqlite").path
        let db = try MemlineDatabase(path: path)
        for i in 1...3 { _ = try db.ingest(path: Fixtures.path("heap/heap-\(i).json.gz")) }
        return path
    }

    private func recorded() throws -> MemlineDatabase {
        let template = try Self.recordedTemplate.get()
        let copy = try Fixtures.temporaryDirectory().appendingPathComponent("heap.sqlite").path
        try FileManager.default.copyItem(atPath: template, toPath: copy)
        return try MemlineDatabase(path: copy)
    }

    /// Ingests dump `text` under `name` (the label is the name without `.json`).
    private func ingest(_ db: MemlineDatabase, _ name: String, _ text: String) throws {
        let summary = try db.ingest(source: BytesSource(text), path: name, name: name)
        #expect(summary.skipped == 0)
    }

    @Test func findsThePlantedLeakBySiteClassTypeAndGem() throws {
        // Given three snapshots: 200 requests between 1 and 2 each leaked a Hash (web.rb:10) holding a String
        // (web.rb:17) and a NewRelic segment; 100 pending strings (web.rb:24) lived only in snapshot 2
        let db = try recorded()
        // When they are diffed
        let report = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"])
        // Then exactly the survivors born between 1 and 2 are the leak (checked independently with Ruby's json)
        #expect(report.leakedObjects == 603)
        #expect(report.leakedMemsize == 61_871)
        #expect(report.criterion == "in heap-2, not in heap-1, still in heap-3")
        let sites = report.top(.site, limit: 3)
        #expect(sites.map(\.key) == ["app/web.rb:10", "app/web.rb:17", Self.gemFile + ":13"])
        #expect(sites.map(\.objects) == [200, 200, 200])
        #expect(sites.map(\.gem) == ["app", "app", "newrelic_rpm 3.9.6"])
        #expect(sites[0].counts == [51, 251, 351])
        #expect(sites[0].growth == [200, 100])
        #expect(sites[1].counts == [52, 252, 352])
        // And the short-lived pending strings are not in it: only one IMEMO of that site survived
        let pending = try #require(report.groups.first { $0.grouping == .site && $0.key == "app/web.rb:24" })
        #expect(pending.objects == 1)
        #expect(pending.counts == [0, 102, 1])
        #expect(report.top(.className, limit: 3).map(\.key) == ["Hash", "String", "NewRelic::Agent::Segment"])
        #expect(report.top(.type, limit: 3).map(\.key) == ["HASH", "STRING", "OBJECT"])
        #expect(report.top(.gem, limit: 3).map(\.key) == ["app", "newrelic_rpm 3.9.6", "stdlib"])
        #expect(report.top(.gem, limit: 3).map(\.objects) == [402, 200, 1])
        #expect(report.notes.isEmpty)
    }

    @Test func namesWhoHoldsTheLeakWithAShortestRetentionPath() throws {
        let db = try recorded()
        let report = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"])
        let sites = report.top(.site, limit: 3)
        #expect(
            sites[0].retentionPath == "ROOT vm → Object (class) → ReportCache (module) → Array → Hash @ app/web.rb:10")
        #expect(
            sites[1].retentionPath
                == "ROOT vm → Object (class) → ReportCache (module) → Array → Hash → String @ app/web.rb:17")
        #expect(
            sites[2].retentionPath
                == "ROOT vm → Object (class) → NewRelic (module) → NewRelic::Agent (module) → Array → "
                + "NewRelic::Agent::Segment @ \(Self.gemFile):13")
        // And the direct holders, grouped by class and site
        #expect(sites[0].retainers == [HeapRetainer(retainer: "Array", site: nil, retainers: 1, held: 200)])
        #expect(
            sites[1].retainers == [HeapRetainer(retainer: "Hash", site: "app/web.rb:10", retainers: 200, held: 200)])
        #expect(sites[2].retainers == [HeapRetainer(retainer: "Array", site: nil, retainers: 1, held: 200)])
        // And the sample object is in the last snapshot, at the path's end
        let sample = try #require(sites[1].sampleAddress)
        let row = try db.query(
            sql:
                "SELECT type, class_name, file, line_no FROM heap_objects o JOIN heap_snapshots s ON s.id = o.snapshot_id "
                + "WHERE s.label = 'heap-3' AND o.address = \(sample)")
        #expect(row.rows == [[.text("STRING"), .text("String"), .text("app/web.rb"), .integer(17)]])
    }

    @Test func storesResultsInHeapDiffAndReplacesThemOnARerun() throws {
        let db = try recorded()
        _ = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"])
        _ = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"])
        let counts = try db.query(sql: "SELECT grouping, count(*) FROM heap_diff GROUP BY grouping ORDER BY grouping")
        #expect(
            counts.rows == [
                [.text("class"), .integer(4)], [.text("gem"), .integer(3)], [.text("site"), .integer(6)],
                [.text("type"), .integer(4)],
            ])
        let leaks = try db.query(
            sql: "SELECT base, target, later_ids, site, objects, counts, growth FROM v_heap_leaks LIMIT 1")
        #expect(
            leaks.rows == [
                [
                    .text("heap-1"), .text("heap-2"), .text("3"), .text("app/web.rb:10"), .integer(200),
                    .text("[51,251,351]"),
                    .text("[200,100]"),
                ]
            ])
        let held = try db.query(
            sql:
                "SELECT r.retainer, r.site, r.retainers, r.held FROM heap_retainers r JOIN heap_diff d ON d.id = r.diff_id "
                + "WHERE d.grouping = 'site' AND d.key = 'app/web.rb:17'")
        #expect(held.rows == [[.text("Hash"), .text("app/web.rb:10"), .integer(200), .integer(200)]])
    }

    @Test func withTwoSnapshotsReportsEveryNewObjectAndSaysSo() throws {
        let db = try recorded()
        let report = try db.heapDiff(base: "heap-1", target: "heap-2")
        let pending = try #require(report.groups.first { $0.grouping == .site && $0.key == "app/web.rb:24" })
        #expect(pending.objects == 102)
        #expect(report.notes.first?.hasPrefix("With two snapshots, new objects include short-lived ones") == true)
    }

    @Test func withOneSnapshotGroupsTheWholeHeap() throws {
        let db = try recorded()
        let report = try db.heapDiff(base: nil, target: "heap-3")
        #expect(report.leakedObjects == 7703)
        #expect(report.groups.first { $0.grouping == .site && $0.key == "app/web.rb:10" }?.objects == 351)
        #expect(report.criterion == "all objects of heap-3")
    }

    @Test func aReusedAddressIsNotASurvivor() throws {
        // Given a base object at 0x100 (a.rb:1) freed, and a new object at the same address (a.rb:5) in target
        let db = try MemlineDatabase.inMemory()
        try ingest(
            db, "base.json",
            """
            {"address":"0x100", "type":"STRING", "class":"0x900", "file":"a.rb", "line":1, "generation":1, "memsize":40}
            {"address":"0x200", "type":"STRING", "class":"0x900", "file":"a.rb", "line":2, "generation":1, "memsize":40}
            {"address":"0x900", "type":"CLASS", "class":"0x990", "name":"String", "memsize":500}
            """)
        try ingest(
            db, "target.json",
            """
            {"address":"0x100", "type":"STRING", "class":"0x900", "file":"a.rb", "line":5, "generation":3, "memsize":40}
            {"address":"0x200", "type":"STRING", "class":"0x900", "file":"a.rb", "line":2, "generation":1, "memsize":40}
            {"address":"0x300", "type":"STRING", "class":"0x900", "file":"a.rb", "line":6, "generation":3, "memsize":40}
            {"address":"0x900", "type":"CLASS", "class":"0x990", "name":"String", "memsize":500}
            """)
        // And a later snapshot where 0x300 was freed and reused by yet another object
        try ingest(
            db, "later.json",
            """
            {"address":"0x100", "type":"STRING", "class":"0x900", "file":"a.rb", "line":5, "generation":3, "memsize":40}
            {"address":"0x200", "type":"STRING", "class":"0x900", "file":"a.rb", "line":2, "generation":1, "memsize":40}
            {"address":"0x300", "type":"STRING", "class":"0x900", "file":"a.rb", "line":6, "generation":4, "memsize":40}
            {"address":"0x900", "type":"CLASS", "class":"0x990", "name":"String", "memsize":500}
            """)
        let report = try db.heapDiff(base: "base", target: "target", later: ["later"])
        // Then the object now at 0x100 is new (leaked); 0x200 survived from base; 0x300 did not survive
        #expect(report.leakedObjects == 1)
        #expect(report.top(.site, limit: 5).map(\.key) == ["a.rb:5"])
        // And the report says an address was reused instead of guessing
        #expect(
            report.notes.contains {
                $0.hasPrefix("1 object(s) of target sit at an address that held a different object in base")
            })
    }

    @Test func anonymousClassesKeepNoNameAndGroupByAddress() throws {
        // Given instances of an anonymous class (Class.new) and of a named class recorded after them
        let db = try MemlineDatabase.inMemory()
        try ingest(
            db, "one.json",
            """
            {"address":"0x100", "type":"OBJECT", "class":"0x800", "file":"a.rb", "line":1, "generation":1, "memsize":40}
            {"address":"0x110", "type":"OBJECT", "class":"0x800", "file":"a.rb", "line":1, "generation":1, "memsize":40}
            {"address":"0x120", "type":"OBJECT", "class":"0x900", "file":"a.rb", "line":2, "generation":1, "memsize":40}
            {"address":"0x800", "type":"CLASS", "class":"0x990", "file":"a.rb", "line":0, "memsize":500}
            {"address":"0x900", "type":"CLASS", "class":"0x990", "name":"Report", "memsize":500}
            """)
        let rows = try db.query(
            sql: "SELECT printf('0x%x', address), class_name FROM heap_objects WHERE type = 'OBJECT'")
        #expect(
            rows.rows == [
                [.text("0x100"), .null], [.text("0x110"), .null], [.text("0x120"), .text("Report")],
            ])
        let report = try db.heapDiff(base: nil, target: "one")
        let classes = report.top(.className, limit: 5)
        #expect(classes.map(\.key) == ["Class", "(anonymous class 0x800)", "Report"])
        #expect(classes.map(\.objects) == [2, 2, 1])
    }

    @Test func resolvesClassNamesRecordedAfterTheirInstancesInARealDump() throws {
        // Given Ruby 3.1's dump, where String's CLASS record (line 6,831) follows every string
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("heap/heap-2.json.gz"))
        let byClass = try db.query(
            sql: """
                SELECT type, class_name, count(*) FROM heap_objects
                WHERE type IN ('STRING', 'HASH', 'OBJECT') GROUP BY type, class_name ORDER BY type, count(*) DESC
                """)
        let strings = byClass.rows.filter { $0[0] == .text("STRING") }
        #expect(strings == [[.text("STRING"), .text("String"), .integer(3130)]])
        #expect(byClass.rows.contains([.text("OBJECT"), .text("NewRelic::Agent::Segment"), .integer(250)]))
        let firstSegment = try db.query(
            sql:
                "SELECT line, class_name FROM heap_objects WHERE class_name = 'NewRelic::Agent::Segment' ORDER BY line LIMIT 1"
        )
        #expect(firstSegment.rows == [[.integer(111), .text("NewRelic::Agent::Segment")]])
        let imemo = try db.query(
            sql: "SELECT count(*) FROM heap_objects WHERE type = 'IMEMO' AND class_name IS NOT NULL")
        #expect(imemo.rows == [[.integer(0)]])
    }

    @Test func refusesUnknownAndRepeatedSnapshots() throws {
        let db = try recorded()
        #expect(throws: HeapError.unknownSnapshot("nope", known: ["heap-1 (1)", "heap-2 (2)", "heap-3 (3)"])) {
            _ = try db.heapDiff(base: "nope", target: "heap-2")
        }
        #expect(throws: HeapError.repeatedSnapshot("2")) {
            _ = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["2"])
        }
        let empty = try MemlineDatabase.inMemory()
        #expect(throws: HeapError.noSnapshots) { _ = try empty.heapDiff(base: "a", target: "b") }
    }

    @Test func trendShowsGrowthPerSiteAcrossEverySnapshot() throws {
        let db = try recorded()
        let trend = try db.heapTrend(snapshots: ["heap-1", "heap-2", "heap-3"], by: .site)
        let top = Array(trend.rows.prefix(3))
        // (all three grew by 300: the bigger last count ranks first)
        #expect(top.map(\.key) == [Self.gemFile + ":13", "app/web.rb:17", "app/web.rb:10"])
        #expect(top.map(\.counts) == [[54, 254, 354], [52, 252, 352], [51, 251, 351]])
        #expect(top.map(\.shape) == ["rising", "rising", "rising"])
        let pending = try #require(trend.rows.first { $0.key == "app/web.rb:24" })
        #expect(pending.counts == [0, 102, 1])
        #expect(pending.shape == "up and down, up overall")
    }

    @Test func rendersTheReportForTerminalsAndForPasting() throws {
        let db = try recorded()
        let report = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"], top: 3)
        let markdown = report.rendered(as: .markdown, limit: 3)
        #expect(markdown.hasPrefix("## Heap diff: heap-1 → heap-2 → heap-3\n"))
        #expect(markdown.contains("| 1 | app/web.rb:10 | app | 200 | 32.8 KiB | 51 | 251 | 351 | +200, +100 |"))
        #expect(
            markdown.contains(
                "- **app/web.rb:17 (200 objects, 19.7 KiB)**: "
                    + "`ROOT vm → Object (class) → ReportCache (module) → Array → Hash → String @ app/web.rb:17`\n"
                    + "  - held by Hash @ app/web.rb:10: 200 objects holding 200\n"))
        let csv = report.rendered(as: .csv, limit: 1)
        #expect(
            csv.hasPrefix(
                "grouping,rank,key,gem,objects,memsize,heap-1,heap-2,heap-3,growth,retention_path\n"
                    + "site,1,app/web.rb:10,app,200,33600,51,251,351,\"+200, +100\","))
        let json = report.rendered(as: .json, limit: 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["leaked_objects"] as? Int == 603)
        #expect((object["groups"] as? [[String: Any]])?.count == 4)
    }
}

/// Which heap dumps the report diffs, and which process a pid-less dump belongs to.
struct HeapDumpOwnershipTests {
    static let copperbeck =
        "verdicts/h31-unicorn-copperbeck-kennels-feeding-charts-respawned-worker-beside-invoice-export-timeout"

    @Test func theReportDoesNotDiffDumpsOfTwoProcesses() throws {
        // Given one dump of worker 2522 and one of its respawned sibling 3231 (pids in their names), and their RSS
        let db = try MemlineDatabase.inMemory()
        for file in ["heap-2522.json.gz", "heap-3231.json.gz", "ps-unicorn.log"] {
            _ = try db.ingest(path: Fixtures.path("\(Self.copperbeck)/\(file)"))
        }
        // Then no heap table compares one process's objects with another's
        let builder = ReportBuilder(database: db, options: ReportOptions())
        #expect(try builder.heapTable() == nil)
    }

    @Test func aDumpNamedForItsWorkerIsThatWorkers() {
        let processes = [
            (pid: 13969, name: "brimcombe-w1"), (pid: 13972, name: "brimcombe-w4"), (pid: 13967, name: "brimcombe"),
        ]
        #expect(SnapshotPlacement.pid(namedIn: "heap-w4.0003", processes: processes) == 13972)
        // A word every process shares, or a number alone, names none of them
        #expect(SnapshotPlacement.pid(namedIn: "brimcombe-0003", processes: processes) == nil)
        #expect(SnapshotPlacement.pid(namedIn: "heap.4", processes: processes) == nil)
    }
}
