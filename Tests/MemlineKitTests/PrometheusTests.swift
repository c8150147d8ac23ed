import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct PrometheusTests {
    private let at = Timestamp(milliseconds: 1_795_311_566_000)

    @Test func readsAPrometheus242ScrapeAtTheGivenTime() throws {
        // Given Prometheus 2.42's own /metrics scrape, saved without timestamps
        let sink = try Fixtures.parse(
            "prometheus/prometheus242_metrics_scrape.prom", as: .prometheusText,
            context: ParseContext(sourceName: "metrics.prom", at: at))
        #expect(sink.skipped.isEmpty)
        #expect(sink.metricSamples.count == 355)
        // Then every sample has --at's time, labels unescaped and sorted, and RSS is also an rss_samples row
        #expect(sink.metricSamples.allSatisfy { $0.ts == at })
        let rss = try #require(sink.metricSamples.first { $0.name == "process_resident_memory_bytes" })
        #expect(rss.value == 55_328_768)
        #expect(sink.rssSamples.count == 1)
        #expect(sink.rssSamples.first?.rssKB == 55_328_768.0 / 1024)
        let quantile = try #require(sink.metricSamples.first { $0.name == "go_gc_duration_seconds" })
        #expect(quantile.labels.map(\.name) == ["quantile"])
        #expect(sink.metricSamples.contains { $0.label("le") == "+Inf" })
    }

    @Test(
        arguments: [
            ("metrics-2024-05-01T12:00:00Z.prom", "2024-05-01T12:00:00.000Z"),
            ("node_20240501T120000.txt", "2024-05-01T12:00:00.000Z"),
            ("scrape-1714564800.prom", "2024-05-01T12:00:00.000Z"),
            ("scrape-1714564800250.prom", "2024-05-01T12:00:00.250Z"),
            ("metrics_2024-05-01_14-00-00+02:00.prom", "2024-05-01T12:00:00.000Z"),
        ])
    func aScrapeWithoutTimestampsTakesItsTimeFromTheFileName(name: String, iso: String) throws {
        // Given a saved /metrics scrape whose file name carries the scrape time, and an unrelated mtime
        let mtime = Timestamp(milliseconds: 1_795_311_566_000)
        let sink = try Fixtures.parse(
            "prometheus/prometheus242_metrics_scrape.prom", as: .prometheusText,
            context: ParseContext(sourceName: name, modified: mtime))
        // Then every sample is dated by the name, not by the mtime
        #expect(sink.skipped.isEmpty)
        #expect(sink.metricSamples.count == 355)
        #expect(sink.metricSamples.allSatisfy { $0.ts.iso8601 == iso })
        #expect(sink.rssSamples.first?.ts.iso8601 == iso)
    }

    @Test func atWinsOverTheFileNameAndMtimeIsTheLastResort() throws {
        let named = "metrics-2024-05-01T12:00:00Z.prom"
        let mtime = Timestamp(milliseconds: 1_795_311_566_000)
        let text = "# TYPE up gauge\nup 1\nup{job=\"x\"} 1 1714564860000\n"
        func parse(_ context: ParseContext) throws -> RowCollector {
            let sink = RowCollector()
            var parser = ArtifactFormat.prometheusText.makeParser(context)
            try parser.parseAll(Line.lines(of: text), into: sink)
            return sink
        }
        // --at beats the name
        let withAt = try parse(ParseContext(sourceName: named, modified: mtime, at: at))
        #expect(withAt.metricSamples.map(\.ts) == [at, Timestamp(milliseconds: 1_714_564_860_000)])
        // a name without a time falls back to the mtime; a sample's own timestamp always wins
        let plain = try parse(ParseContext(sourceName: "metrics.prom", modified: mtime))
        #expect(plain.metricSamples.map(\.ts) == [mtime, Timestamp(milliseconds: 1_714_564_860_000)])
        // naive names are read in --tz
        let zoned = try parse(
            ParseContext(sourceName: "node_20240501T140000.txt", zone: try #require(ZoneRule(parsing: "+02:00"))))
        #expect(zoned.metricSamples.first?.ts.iso8601 == "2024-05-01T12:00:00.000Z")
        // nothing at all: the sample is skipped with what to do
        let none = try parse(ParseContext(sourceName: "metrics.prom"))
        #expect(none.metricSamples.count == 1)
        #expect(none.skipped.first?.reason.contains("time in the file name") == true)
    }

    @Test func ingestDatesAScrapeByItsFileName() throws {
        // Given a scrape saved under a timestamped name
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("node_20240501T120000.txt")
        try FileManager.default.copyItem(
            atPath: Fixtures.path("prometheus/prometheus242_metrics_scrape.prom"), toPath: copy.path)
        // When it is ingested with its format detected
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: copy.path)
        // Then its samples and its RSS row carry the name's time
        let times = try db.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT ts FROM metric_samples UNION SELECT DISTINCT ts FROM rss_samples")
        }
        #expect(times == ["2024-05-01T12:00:00.000Z"])
    }

    @Test func readsExpfmtTextWithExponentsAndNaN() throws {
        let sink = try Fixtures.parse(
            "prometheus/prometheus_common_expfmt_text.prom", as: .prometheusText,
            context: ParseContext(sourceName: "text.prom", at: at))
        #expect(sink.skipped.isEmpty)
        #expect(sink.metricSamples.count == 248)
        #expect(sink.metricSamples.first { $0.name == "process_resident_memory_bytes" }?.value == 53_870_592)
        #expect(
            sink.metricSamples.first { $0.name == "http_request_duration_microseconds" }?.labelsJSON
                == #"{"handler":"/","quantile":"0.5"}"#)
    }

    @Test func sampleLinesWithTimestampsEscapesAndGarbage() throws {
        let text = """
            # TYPE container_memory_working_set_bytes gauge
            container_memory_working_set_bytes{container="web",instance="node-1",pod="web-7f\\"x"} 1.2e+09 1795311506000
            container_memory_working_set_bytes{container="web" 12
            not a sample line at all
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.prometheusText.makeParser(ParseContext(sourceName: "c.prom"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        let sample = try #require(sink.metricSamples.first)
        #expect(sample.ts.iso8601 == "2026-11-22T01:38:26.000Z")
        #expect(sample.label("pod") == "web-7f\"x")
        #expect(sample.host == "node-1")
        #expect(sink.rssSamples.first?.process == "web")
        #expect(sink.rssSamples.first?.host == "node-1")
        #expect(sink.skipped.map(\.line) == [3, 4])
    }

    @Test func aCAdvisorScrapeGivesOneSampleForTheContainerAndNoneForItsPod() throws {
        // cAdvisor writes each container under its name, its pod's cgroup under container="" and the pause
        // container under "POD"; rss and the working set side by side.
        let text = """
            # TYPE container_memory_rss gauge
            container_memory_rss{container="web",pod="web-6d8f9"} 114434048 1795311506000
            container_memory_rss{container="",pod="web-6d8f9"} 114679808 1795311506000
            # TYPE container_memory_working_set_bytes gauge
            container_memory_working_set_bytes{container="web",pod="web-6d8f9"} 120000000 1795311506000
            container_memory_working_set_bytes{container="",pod="web-6d8f9"} 120245760 1795311506000
            container_memory_working_set_bytes{container="POD",pod="web-6d8f9"} 1200000 1795311506000
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.prometheusText.makeParser(ParseContext(sourceName: "cadvisor.prom"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.metricSamples.count == 5)
        #expect(sink.rssSamples.map(\.process) == ["web"])
        #expect(sink.rssSamples.first?.rssKB == 117_187.5)
    }

    @Test func readsQueryRangeMatrixAsSeriesAndRSS() throws {
        let sink = try Fixtures.parse(
            "prometheus/prometheus242_query_range_process_resident_memory_bytes.json", as: .prometheusJSON)
        #expect(sink.skipped.isEmpty)
        #expect(sink.metricSamples.count == 61)
        let first = try #require(sink.metricSamples.first)
        #expect(first.name == "process_resident_memory_bytes")
        #expect(first.ts.iso8601 == "2026-11-22T01:38:26.000Z")
        #expect(first.value == 42_962_944)
        #expect(first.labelsJSON == #"{"instance":"127.0.0.1:19090","job":"prometheus"}"#)
        #expect(sink.metricSamples.last?.value == 55_197_696)
        #expect(sink.rssSamples.count == 61)
        #expect(sink.rssSamples.first?.host == "127.0.0.1:19090")
        #expect(sink.rssSamples.first?.process == "prometheus")
        // A heap series is a metric only
        let heap = try Fixtures.parse(
            "prometheus/prometheus242_query_range_go_memstats_heap_inuse_bytes.json", as: .prometheusJSON)
        #expect(heap.metricSamples.count == 61)
        #expect(heap.rssSamples.isEmpty)
    }

    @Test func readsInstantVectorAndRangeSelectorMatrix() throws {
        let vector = try Fixtures.parse("prometheus/prometheus242_query_instant_vector.json", as: .prometheusJSON)
        #expect(vector.metricSamples.map(\.value) == [55_197_696])
        #expect(vector.metricSamples.first?.ts.iso8601 == "2026-11-22T01:39:26.000Z")
        let matrix = try Fixtures.parse("prometheus/prometheus242_query_instant_matrix.json", as: .prometheusJSON)
        #expect(matrix.metricSamples.count == 10)
        #expect(matrix.metricSamples.first?.ts.iso8601 == "2026-11-22T01:39:16.510Z")
        #expect(matrix.metricSamples.map(\.value).last == 13_615_104)
    }

    @Test func prettyPrintedJSONReadsLikeOneLine() throws {
        let text = """
            {
              "status": "success",
              "data": {
                "resultType": "vector",
                "result": [
                  {
                    "value": [1795311566.25, "NaN"],
                    "metric": {"__name__": "up", "job": "a\\"b"}
                  },
                  {"metric": {}, "value": [1795311566, "1"]}
                ]
              }
            }
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.prometheusJSON.makeParser(ParseContext(sourceName: "q.json"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.skipped.isEmpty)
        // value before metric: buffered until the labels are known
        #expect(sink.metricSamples.count == 2)
        #expect(sink.metricSamples[0].name == "up")
        #expect(sink.metricSamples[0].label("job") == "a\"b")
        #expect(sink.metricSamples[0].value == nil)
        #expect(sink.metricSamples[0].ts.milliseconds == 1_795_311_566_250)
        #expect(sink.metricSamples[1].name == "vector")
    }

    @Test func anAPIErrorRefusesTheFileWithTheServersMessage() throws {
        let db = try MemlineDatabase.inMemory()
        #expect {
            try db.ingest(path: Fixtures.path("prometheus/prometheus242_query_error_bad_data.json"))
        } throws: { error in
            (error as? PrometheusError)?.localizedDescription.contains("bad_data") == true
                && error.localizedDescription.contains("unclosed left parenthesis")
        }
        let artifacts = try db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM artifacts") }
        #expect(artifacts == 0)
    }

    @Test func cutAndBrokenJSONAreReported() throws {
        let cut = RowCollector()
        var parser = ArtifactFormat.prometheusJSON.makeParser(ParseContext(sourceName: "cut.json"))
        try parser.parseAll(
            Line.lines(
                of:
                    #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x"},"#
                    + #""values":[[1,"2"],[2,"#
            ),
            into: cut)
        #expect(cut.skipped.count == 1)
        let broken = RowCollector()
        var p2 = ArtifactFormat.prometheusJSON.makeParser(ParseContext(sourceName: "bad.json"))
        try p2.parseAll(Line.lines(of: "{\"status\": }}\n"), into: broken)
        #expect(broken.metricSamples.isEmpty)
        #expect(broken.skipped.first?.reason.contains("not Prometheus API JSON") == true)
        #expect(
            FormatRegistry.detect(head: [#"{"status":"success","data":{"resultType":"vector","result":[]}}"#])?.name
                == "prometheus-json")
    }

    @Test func queryURLsAndCurlArgumentsCarryTheRange() {
        let q = PrometheusQuery(
            server: "http://127.0.0.1:9090/", query: "rate(x[1m])", start: Timestamp(milliseconds: 1_795_311_506_000),
            end: Timestamp(milliseconds: 1_795_311_566_500), step: "1s")
        #expect(
            q.url
                == "http://127.0.0.1:9090/api/v1/query_range?query=rate%28x%5B1m%5D%29"
                + "&start=1795311506&end=1795311566.500&step=1s"
        )
        #expect(q.curlArguments.contains("query=rate(x[1m])"))
        #expect(q.curlArguments.last == "http://127.0.0.1:9090/api/v1/query_range")
        #expect(PrometheusQuery(server: "http://h:9090", query: "up").url == "http://h:9090/api/v1/query?query=up")
    }

    @Test func anUnreachableServerIsAClearError() throws {
        let db = try MemlineDatabase.inMemory()
        #expect {
            try db.ingest(prometheus: PrometheusQuery(server: "http://127.0.0.1:1", query: "up"))
        } throws: { error in
            error.localizedDescription.contains("could not query Prometheus at http://127.0.0.1:1")
        }
    }
}
