import Foundation
import Testing

@testable import MemlineKit

struct RubyHeapParserTests {
    private func parse(_ text: String, name: String = "heap.json", context: ParseContext? = nil) throws
        -> RowCollector
    {
        let sink = RowCollector()
        var parser = ArtifactFormat.rubyHeap.makeParser(context ?? ParseContext(sourceName: name))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test func readsRuby27DumpObjectsReferencesAndRoots() throws {
        // Given heapy's Ruby 2.7 dump (first 1,030 lines: 4 ROOT lines, then objects)
        let sink = try Fixtures.parse("heap/heapy_my_dump_1.head.json.gz", as: .rubyHeap)
        // Then every object line is an object, every reference a ref, every ROOT entry a root
        #expect(sink.skipped.isEmpty)
        #expect(sink.heapObjects.count == 1026)
        #expect(sink.heapRefs.count == 1057)
        #expect(sink.heapRoots.count == 780)
        #expect(Set(sink.heapRoots.map(\.root)) == ["vm", "machine_context", "global_list", "global_tbl"])
        let snapshot = try #require(sink.heapSnapshots.first)
        #expect(sink.heapSnapshots.count == 1)
        #expect(snapshot.objects == 1026)
        #expect(snapshot.refs == 1057)
        #expect(snapshot.roots == 780)
        #expect(snapshot.traced == 1)
        #expect(snapshot.maxGeneration == 9)
        #expect(snapshot.label == "heapy_my_dump_1.head")
        #expect(snapshot.memsize == sink.heapObjects.reduce(0) { $0 + ($1.memsize ?? 0) })
        // And the one traced object has all its fields
        let traced = try #require(sink.heapObjects.first { $0.file != nil })
        #expect(traced.line == 332)
        #expect(traced.address == 0x7fb1_f801_45a8)
        #expect(traced.type == "STRING")
        #expect(traced.classAddress == 0x7fb1_f80b_7578)
        #expect(traced.file == "scratch.rb")
        #expect(traced.lineNo == 13)
        #expect(traced.method == "new")
        #expect(traced.generation == 9)
        #expect(traced.memsize == 40)
        #expect(traced.bytesize == 12)
        #expect(traced.valuePrefix == "make strings")
        #expect(traced.flags == [.embedded, .wbProtected])
        #expect(traced.gem == "app")
        // And a CLASS record keeps its name
        let named = try #require(sink.heapObjects.first { $0.address == 0x7fb1_f800_d780 })
        #expect(named.type == "CLASS")
        #expect(named.name == "DidYouMean::VariableNameChecker")
        #expect(named.flags == [.wbProtected, .old, .uncollectible, .marked])
    }

    @Test func countsRuby32ShapeRecordsWithoutStoringThem() throws {
        // Given heap-profiler's Ruby 3.2 dump: 488 SHAPE records, 28 objects
        let sink = try Fixtures.parse("heap/heap_profiler_ruby32_retained.heap.gz", as: .rubyHeap)
        #expect(sink.skipped.isEmpty)
        #expect(sink.heapObjects.count == 28)
        #expect(!sink.heapObjects.contains { $0.type == "SHAPE" })
        let snapshot = try #require(sink.heapSnapshots.first)
        #expect(snapshot.shapes == 488)
        #expect(snapshot.objects == 28)
        #expect(snapshot.line == 489)
        // And the 3.2 fields are read: slot_size, imemo_type, struct
        let array = try #require(sink.heapObjects.first { $0.type == "ARRAY" })
        #expect(array.slotSize == 80)
        #expect(array.length == 5)
        #expect(array.file == "bin/generate-report")
        #expect(array.lineNo == 34)
        #expect(
            sink.heapRefs.filter { $0.from == array.address }.map(\.to) == [
                0x1_07bf_fdf8, 0x1_07bf_ffd8, 0x1_07cc_ffa8, 0x1_07bf_ff88, 0x1_07bf_ff10,
            ])
        #expect(sink.heapObjects.first { $0.type == "DATA" && $0.subtype == "Date" }?.method == "today")
        #expect(sink.heapObjects.filter { $0.subtype == "callcache" }.count == 10)
        #expect(Set(sink.heapObjects.compactMap(\.gem)) == ["app"])
    }

    @Test func readsRuby30SingletonClassDump() throws {
        let sink = try Fixtures.parse("heap/heap_profiler_ruby30_singleton_classes.head.heap.gz", as: .rubyHeap)
        #expect(sink.skipped.isEmpty)
        #expect(sink.heapObjects.count == 1199)
        #expect(sink.heapRoots.count == 630)
        let singleton = try #require(sink.heapObjects.first { $0.address == 0x7ffe_4904_5ef8 })
        #expect(singleton.type == "CLASS")
        #expect(singleton.name == nil)
        #expect(singleton.method == "singleton_class")
        #expect(singleton.file == "/tmp/dump-singleton.rb")
        let stdlib = try #require(sink.heapObjects.first { $0.file?.hasSuffix("objspace.rb") == true })
        #expect(stdlib.gem == "stdlib")
    }

    @Test func readsRuby34FieldsOnceTheDocsPlaceholderAddressIsReal() throws {
        // Given the documentation's ObjectSpace.dump("hello"), whose addresses are the placeholder "0x..."
        let doc = try Fixtures.lines("heap/BUILT_FROM_DOCS_objectspace_dump_single.json")
        let placeholder = try parse(doc[0].text)
        // Then the line is refused with a reason naming the address
        #expect(placeholder.heapObjects.isEmpty)
        #expect(placeholder.skipped.first?.reason == "address is not a hex address (0x…): 0x...")
        // When real addresses stand in for the placeholders
        let real = doc[0].text.replacingOccurrences(of: #""address":"0x...""#, with: #""address":"0x7f3a1c0e2f48""#)
            .replacingOccurrences(of: #""class":"0x...""#, with: #""class":"0x7f3a1c0d1e30""#)
        let sink = try parse(real)
        // Then Ruby 3.4's shape_id, slot_size and chilled are read or skipped as they should
        let object = try #require(sink.heapObjects.first)
        #expect(object.address == 0x7f3a_1c0e_2f48)
        #expect(object.classAddress == 0x7f3a_1c0d_1e30)
        #expect(object.slotSize == 40)
        #expect(object.bytesize == 5)
        #expect(object.valuePrefix == "hello")
        #expect(object.flags == [.embedded, .chilled, .wbProtected])
        #expect(object.file == nil)
        #expect(object.gem == nil)
    }

    @Test func sendsMalformedLinesToSkipWithWhatWasExpected() throws {
        let text = """
            {"address":"0x10", "type":"STRING", "memsize":40}
            {"address":"0x20", "type":"STRING", "value":"cut here
            not json at all

            {"type":"STRING", "memsize":40}
            {"address":"0x30", "memsize":40}
            {"address":"0x40" "type":"ARRAY"}
            {"address":"0x50", "type":"HASH", "size":2}\r
            """
        let sink = try parse(text)
        #expect(sink.heapObjects.map(\.address) == [0x10, 0x50])
        #expect(sink.heapObjects.last?.size == 2)
        #expect(sink.skipped.map(\.line) == [2, 3, 5, 6, 7])
        #expect(
            sink.skipped.map(\.reason) == [
                "line ends inside the value of \"value\" (truncated?)",
                "expected a JSON object ({\"address\":…}) per line",
                "no \"address\" for a STRING object",
                "no \"type\"; expected an ObjectSpace.dump object",
                "expected ',' or '}' after a value",
            ])
    }

    @Test func decodesEscapedValuesAndCutsThePrefixAtFortyCharacters() throws {
        let long = String(repeating: "é", count: 50)
        let text = """
            {"address":"0x10", "type":"STRING", "value":"a\\"b\\\\c\\u00e9\\n\\ud83d\\ude00", "memsize":40}
            {"address":"0x20", "type":"STRING", "value":"\(long)", "file":"C:\\\\app\\\\x.rb", "line":3}
            {"address":"0x30", "type":"SYMBOL", "value":"\\u00e9\(String(repeating: "x", count: 60))"}
            """
        let sink = try parse(text)
        #expect(sink.skipped.isEmpty)
        #expect(sink.heapObjects[0].valuePrefix == "a\"b\\cé\n😀")
        #expect(sink.heapObjects[1].valuePrefix == String(repeating: "é", count: 40))
        #expect(sink.heapObjects[1].file == "C:\\app\\x.rb")
        #expect(sink.heapObjects[2].valuePrefix == "é" + String(repeating: "x", count: 39))
    }

    @Test func ignoresUnknownFieldsAndNestedValues() throws {
        let text = """
            {"address":"0x10", "type":"OBJECT", "extra":{"a":[1,{"b":"}"}]}, "ivars":3, "future":null, "class":"0x20", "memsize":40, "flags":{"wb_protected":true, "pinned":true, "old":false}}
            """
        let sink = try parse(text)
        let object = try #require(sink.heapObjects.first)
        #expect(object.classAddress == 0x20)
        #expect(object.memsize == 40)
        #expect(object.flags == [.wbProtected])
    }

    @Test func takesTheSnapshotTimeFromTheOptionThenTheFileNameThenTheMtime() throws {
        let line = #"{"address":"0x10", "type":"STRING"}"#
        let mtime = Timestamp(milliseconds: 1_000)
        let at = try #require(Timestamp.parseISO("2026-11-22T09:00:00Z"))
        func snapshot(_ name: String, at: Timestamp? = nil, zone: ZoneRule = .utc) throws -> HeapSnapshot {
            let context = ParseContext(sourceName: name, zone: zone, modified: mtime, at: at, label: nil)
            return try #require(try parse(line, context: context).heapSnapshots.first)
        }
        #expect(try snapshot("heap-2026-11-22T01:40:00.json", at: at).takenAt == at)
        #expect(try snapshot("heap-2026-11-22T01:40:00.json", at: at).takenAtSource == "option")
        let named = try snapshot("heap-2026-11-22T01:40:00.json")
        #expect(named.takenAt?.iso8601 == "2026-11-22T01:40:00.000Z")
        #expect(named.takenAtSource == "file name")
        #expect(try snapshot("heap-20261122-014000.json.gz").takenAt?.iso8601 == "2026-11-22T01:40:00.000Z")
        #expect(try snapshot("heap.2026-11-22_01-40-00.json").takenAt?.iso8601 == "2026-11-22T01:40:00.000Z")
        #expect(try snapshot("heap-1795311506.json").takenAt?.iso8601 == "2026-11-22T01:38:26.000Z")
        let tokyo = try #require(ZoneRule(parsing: "+09:00"))
        #expect(try snapshot("heap-20261122-014000.json", zone: tokyo).takenAt?.iso8601 == "2026-11-21T16:40:00.000Z")
        #expect(
            try snapshot("heap-2026-11-22T01:40:00+01:00.json", zone: tokyo).takenAt?.iso8601
                == "2026-11-22T00:40:00.000Z")
        let plain = try snapshot("heap-2.json")
        #expect(plain.takenAt == mtime)
        #expect(plain.takenAtSource == "mtime")
        #expect(plain.label == "heap-2")
        #expect(try snapshot("web.1-pid4242-heap.json").pid == 4242)
    }

    @Test(arguments: [
        ("/app/vendor/bundle/ruby/2.1.0/gems/newrelic_rpm-3.9.6/lib/new_relic/agent.rb", "newrelic_rpm 3.9.6"),
        ("/usr/local/bundle/gems/net-http-0.3.2/lib/net/http.rb", "net-http 0.3.2"),
        ("/gems/nokogiri-1.13.1-x86_64-linux/lib/nokogiri.rb", "nokogiri 1.13.1-x86_64-linux"),
        ("/app/vendor/bundle/ruby/3.1.0/bundler/gems/rails-8a1b2c3d4e5f/activesupport/lib/x.rb", "rails (git)"),
        ("/usr/lib/ruby/3.1.0/set.rb", "stdlib"),
        ("/opt/rubies/3.0.0/lib/ruby/3.0.0/objspace.rb", "stdlib"),
        ("/usr/lib/ruby/vendor_ruby/sidekiq/processor.rb", "sidekiq (vendor_ruby)"),
        ("<internal:kernel>", "ruby"),
        ("(eval)", "eval"),
        ("app/web.rb", "app"),
        ("/srv/app/app/models/report.rb", "app"),
    ])
    func derivesTheGemFromTheAllocationPath(path: String, expected: String) {
        #expect(RubyLibrary.name(forPath: path) == expected)
    }

    @Test func detectsDumpsButNotOtherJSONLines() {
        #expect(ArtifactFormat.rubyHeap.detect([#"{"type":"ROOT", "root":"vm", "references":["0x1"]}"#]) == 60)
        #expect(ArtifactFormat.rubyHeap.detect([#"{"address":"0x104dd0000", "type":"SHAPE", "id":0}"#]) == 60)
        #expect(ArtifactFormat.rubyHeap.detect([#"{"count":28,"heap_live_slots":89709}"#]) == 0)
        #expect(FormatRegistry.detect(head: [#"{"address":"0x7f9cff6dc150", "type":"STRING"}"#])?.name == "ruby-heap")
    }
}
