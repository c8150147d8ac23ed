import Foundation
import Testing

/// `memline skew`: a Rails log stored 4 s late against the Heroku router log of the same requests.
struct SkewCommandTests {
    static let header = "state,artifact,reference,method,offset_ms,spread_ms,pairs,confidence,applied,reason"

    @Test func skewListsTheDetectedOffsetAndApplyMovesTheArtifactBack() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // Given the router log, and the Rails log of the same requests ingested with its clock 4 s late
        let router = IngestCommandTests.fixture("skew/router.log").path
        let rails = IngestCommandTests.fixture("skew/production.log").path
        #expect(try cli.run(["ingest", router]).status == 0)
        let late = try cli.run(["ingest", "--clock-offset", "+4s", rails])
        #expect(late.status == 0, "\(late.stderr)")
        // When the analysis runs and the skews are listed as CSV
        let analyze = try cli.run(["analyze"])
        #expect(analyze.stdout.contains("1 clock skew(s) between sources: memline skew"), "\(analyze.stdout)")
        let listed = try cli.run(["skew", "--format", "csv"])
        #expect(listed.status == 0, "\(listed.stderr)")
        // Then the Rails log is 4 s off the router (the two log a request's end 1 ms apart), and the offset given
        // at ingest is listed as applied
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == Self.header)
        #expect(lines.count == 3)
        let detected = "detected,production.log,router.log,request_id,-3999,0,9,confident,no,"
        #expect(lines.contains { $0.hasPrefix(detected) })
        #expect(lines.contains { $0.hasPrefix("applied,production.log,,ingest,4000,") })

        // When the opposite offset is applied by hand (after `--`, as a shell user may write it)
        let apply = try cli.run(["skew", "apply", "production.log", "--", "-4s"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stderr.contains("production.log: 9 row(s) moved by -4 s"))
        // Then the analysis is redone on the corrected times and no skew is left
        #expect(try cli.run(["analyze"]).status == 0)
        let artifacts = try cli.run(["artifacts", "--format", "csv"])
        #expect(artifacts.stdout.split(separator: "\n").first?.hasSuffix(",clock_offset_ms") == true)
        #expect(artifacts.stdout.split(separator: "\n").last?.hasSuffix(",0") == true)
        let after = try cli.run(["skew", "--format", "csv"])
        #expect(after.stdout == Self.header + "\n")
        let times = try cli.run([
            "query", "--format", "csv",
            "select min(ts_start) as t from requests r join artifacts a on a.id = r.artifact_id "
                + "where a.name = 'production.log'",
        ])
        #expect(times.stdout == "t\n2024-03-12T09:01:56.920Z\n")
    }

    @Test func autoAppliesTheConfidentSkewOnceAndAsksForANewAnalysis() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // Given the Rails log ingested 4 s late beside the router log, analysed
        #expect(try cli.run(["ingest", IngestCommandTests.fixture("skew/router.log").path]).status == 0)
        let rails = IngestCommandTests.fixture("skew/production.log").path
        #expect(try cli.run(["ingest", "--clock-offset=+4s", rails]).status == 0)
        #expect(try cli.run(["analyze"]).status == 0)
        // When `skew --auto` runs
        let auto = try cli.run(["skew", "--auto", "--format", "csv"])
        // Then the Rails log moved back by the measured offset (1 ms short of 4 s) and a new analysis is asked for
        #expect(auto.status == 0, "\(auto.stderr)")
        #expect(auto.stderr.contains("production.log: times moved by -3.999 s (request_id)"))
        #expect(auto.stderr.contains("run `memline analyze` again"))
        #expect(auto.stdout.contains("applied,production.log,,request_id,1,"))
        // And a second --auto before analysing again is refused rather than applied twice
        let twice = try cli.run(["skew", "--auto"])
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("run `memline analyze` first"))
    }

    @Test func helpListsSkewAndItsExamples() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run(["--help"]).stdout.contains("  skew"))
        let help = try cli.run(["skew", "--help"])
        #expect(help.stdout.contains("memline skew apply production.log -3s"))
        #expect(help.stdout.contains("--auto"))
        let apply = try cli.run(["skew", "apply", "--help"])
        #expect(apply.stdout.contains("-3s moves the artifact's times three"))
    }

    @Test func badOffsetsAndUnknownArtifactsAreUsageErrors() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run(["ingest", IngestCommandTests.fixture("skew/router.log").path]).status == 0)
        let bad = try cli.run(["skew", "apply", "router.log", "-3"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("'-3' is not a clock offset; give a signed number with a unit: -3s, +1500ms"))
        let missing = try cli.run(["skew", "apply", "nope.log", "-3s"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no artifact 'nope.log'"))
        let router = IngestCommandTests.fixture("skew/router.log").path
        let ingest = try cli.run(["ingest", "--clock-offset", "soon", router])
        #expect(ingest.status == 64)
        #expect(ingest.stderr.contains("--clock-offset: 'soon' is not a clock offset"))
        // A database not analysed yet lacks data: exit 1, not a usage error
        let early = try cli.run(["skew"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("run `memline analyze` first"))
    }
}
