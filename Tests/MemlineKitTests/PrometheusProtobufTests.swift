import Foundation
import Testing

@testable import MemlineKit

/// The delimited protobuf exposition, against prometheus/common's testdata (the same scrape as its text file).
struct PrometheusProtobufTests {
    private static let at = Timestamp(year: 2015, month: 2, day: 2, hour: 12, minute: 0, second: 0)

    private func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("prometheus/\(name)"))))
    }

    private func parse(_ data: [UInt8]) throws -> (families: Int, sink: RowCollector) {
        let sink = RowCollector()
        let parser = PrometheusProtobufParser(context: ParseContext(sourceName: "scrape.pb", at: Self.at))
        let families = try parser.parse(BytesSource(data), into: sink)
        return (families, sink)
    }

    private func key(_ m: MetricSample) -> String {
        m.name + m.labelsJSON + "=" + (m.value.map { String($0) } ?? "NaN")
    }

    @Test func decodesTheSameSamplesAsTheTextExpositionOfTheScrape() throws {
        // Given the protobuf and text expositions of one scrape
        let (families, sink) = try parse(try bytes("prometheus_common_expfmt_delimited.pb"))
        let text = try Fixtures.parse(
            "prometheus/prometheus_common_expfmt_text.prom", as: .prometheusText,
            context: ParseContext(sourceName: "scrape.prom", at: Self.at))
        // Then every family decodes and the samples are the text's, summaries and all
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        #expect(families > 10)
        let metrics = sink.records.compactMap { if case .metricSample(let m) = $0 { m } else { nil } }
        let textMetrics = text.records.compactMap { if case .metricSample(let m) = $0 { m } else { nil } }
        #expect(metrics.count == textMetrics.count)
        #expect(Set(metrics.map(key)) == Set(textMetrics.map(key)))
        // And process_resident_memory_bytes is an RSS sample in KiB at the scrape time
        let rss = try #require(sink.rssSamples.first)
        #expect(sink.rssSamples.count == text.rssSamples.count)
        #expect(rss.rssKB == text.rssSamples.first?.rssKB)
        #expect(rss.ts == Self.at)
        // And a row's line is its family's position
        #expect(metrics.first?.line == 1)
        #expect(metrics.last?.line == families)
    }

    @Test func aFileCutShortKeepsEveryWholeFamilyAndSaysWhy() throws {
        // Given the scrape with its last 20 bytes cut off
        let whole = try bytes("prometheus_common_expfmt_delimited.pb")
        let (allFamilies, _) = try parse(whole)
        let (families, sink) = try parse(Array(whole.dropLast(20)))
        // Then all but the last family are read and the cut is reported at the next family's position
        #expect(families == allFamilies - 1)
        #expect(sink.skipped.count == 1)
        #expect(sink.skipped.first?.line == allFamilies)
        #expect(sink.skipped.first?.reason.contains("truncated") == true)
    }

    @Test func aFamilyThatDoesNotDecodeIsSkippedAndTheRestRead() throws {
        // Given a stream of a corrupt family (wire type 7 is not protobuf) between two real ones
        let whole = try bytes("prometheus_common_expfmt_delimited.pb")
        var reader = ProtobufReader(whole[...])
        let length = Int(try reader.varint())
        #expect(length < 128)  // so its length prefix is one byte
        let first = Array(whole[0..<(1 + length)])
        let corrupt: [UInt8] = [3, 0x0F, 0x01, 0x02]
        let (families, sink) = try parse(first + corrupt + first)
        // Then three families, the middle one skipped with its reason
        #expect(families == 3)
        #expect(sink.skipped.map(\.line) == [2])
        #expect(sink.skipped.first?.reason.contains("does not decode") == true)
        let lines = Set(sink.records.compactMap { if case .metricSample(let m) = $0 { m.line } else { nil } })
        #expect(lines == [1, 3])
    }

    @Test func recognisesTheDelimitedStreamAndNothingElse() throws {
        #expect(PrometheusProtobufParser.looksLikeDelimited(try bytes("prometheus_common_expfmt_delimited.pb")[...]))
        #expect(!PrometheusProtobufParser.looksLikeDelimited(try bytes("prometheus_common_expfmt_text.prom")[...]))
        #expect(!PrometheusProtobufParser.looksLikeDelimited([0x1F, 0x8B, 0x08, 0x00][...]))
        #expect(!PrometheusProtobufParser.looksLikeDelimited([][...]))
    }

    @Test func varintsAndDoublesDecodeAsProtobufDefines() throws {
        // 300 is 0xAC 0x02; field 1 wire type 1 then 1.5 little-endian
        var reader = ProtobufReader([0xAC, 0x02, 0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F][...])
        #expect(try reader.varint() == 300)
        let field = try #require(try reader.nextField())
        #expect(field.number == 1 && field.wireType == 1)
        #expect(try reader.double() == 1.5)
        #expect(reader.isAtEnd)
        var short = ProtobufReader([0x80][...])
        #expect(throws: ProtobufReader.Failure.truncated) { try short.varint() }
    }

    @Test func ingestSniffsTheProtobufExpositionPlainOrGzipped() throws {
        // Given the scrape as a file and gzipped
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("metrics-2015-02-02T12-00-00Z.pb")
        try Data(try bytes("prometheus_common_expfmt_delimited.pb")).write(to: plain)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c \"$0\" > \"$0.gz\" && printf x >> \"$0\"", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        let db = try MemlineDatabase.inMemory()
        // When both are ingested without --format
        let first = try db.ingest(path: plain.path + ".gz")
        let second = try db.ingest(path: plain.path)
        // Then the format is sniffed, rows land at the time in the file name, and the byte appended to the
        // plain copy (not a whole family) is reported, not dropped
        #expect(first.format == "prometheus-protobuf")
        #expect(first.skipped == 0)
        #expect(second.skipped == 1)
        let rss = try db.query(sql: "SELECT DISTINCT ts FROM rss_samples")
        #expect(rss.rows == [[.text("2015-02-02T12:00:00.000Z")]])
        let errors = try db.query(sql: "SELECT reason FROM ingest_errors")
        if case .text(let reason) = errors.rows.first?.first {
            #expect(reason.contains("truncated"))
        } else {
            Issue.record("no ingest error stored")
        }
    }
}
