import Foundation
import Testing

@testable import MemlineKit

/// ActiveJob's own lines in a Rails log (`[ActiveJob] … Performed X (Job ID: …) from Adapter(queue) in N ms`) are
/// job runs, as a Sidekiq log's are.
struct ActiveJobLogTests {
    private func parse(_ text: String) throws -> RowCollector {
        let sink = RowCollector()
        var parser = ArtifactFormat.rails.makeParser(ParseContext(sourceName: "production.log"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test func performedAndFailedRunsAreJobsEndingAtTheirLine() throws {
        // Given an enqueue, a run's start and end, and a run that raised
        let sink = try parse(
            """
            I, [2026-12-06T20:28:21.507082 #30242]  INFO -- : [ActiveJob] Enqueued SiteDigestJob (Job ID: e497) to Async(default) with arguments: 3
            I, [2026-12-06T20:28:21.507189 #30242]  INFO -- : [ActiveJob] [SiteDigestJob] [e497] Performing SiteDigestJob (Job ID: e497) from Async(default) enqueued at 2026-12-06T20:28:21Z with arguments: 3
            I, [2026-12-06T20:28:21.562269 #30242]  INFO -- : [ActiveJob] [SiteDigestJob] [e497] Performed SiteDigestJob (Job ID: e497) from Async(default) in 55.02ms
            E, [2026-12-06T20:28:23.000000 #30242] ERROR -- : [ActiveJob] [Billing::InvoiceJob] [77aa] Error performing Billing::InvoiceJob (Job ID: 77aa) from Sidekiq(critical) in 12.5ms: RuntimeError (boom):
            """)
        // Then the two ends are two jobs, timed back from their lines by their durations
        #expect(sink.skipped.isEmpty)
        let jobs = sink.jobs
        #expect(jobs.map { $0.jobClass ?? "" } == ["SiteDigestJob", "Billing::InvoiceJob"])
        #expect(jobs.map(\.status) == ["done", "fail"])
        #expect(jobs.map { $0.queue ?? "" } == ["default", "critical"])
        #expect(jobs.map { $0.jid ?? "" } == ["e497", "77aa"])
        #expect(jobs.map(\.pid) == [30242, 30242])
        #expect(jobs.first?.tsEnd?.iso8601 == "2026-12-06T20:28:21.562Z")
        #expect(jobs.first?.tsStart?.iso8601 == "2026-12-06T20:28:21.507Z")
        #expect(jobs.map(\.line) == [3, 4])
    }

    @Test func aLogOfOnlyActiveJobLinesIsARailsLog() throws {
        // Given a job process's log (recorded): Logger's header, then one run's Performing and Performed lines
        let file = "verdicts/h14-puma-fragmentation-plateau-deploy-nightly-control/jobs.log"
        // Then it is detected as a Rails log, and its run is a job
        #expect(FormatRegistry.detect(head: try Fixtures.lines(file).map(\.text))?.name == "rails")
        let sink = try Fixtures.parse(file, as: .rails)
        #expect(sink.jobs.map { $0.jobClass ?? "" } == ["NightlyMarginReportJob"])
        #expect(sink.jobs.first?.durationMS == 7959.23)
    }

    @Test func aRecordedUnicornLogCarriesItsSchedulersJobs() throws {
        // Given a unicorn worker's production.log with its in-process scheduler's ActiveJob lines
        let sink = try Fixtures.parse(
            "verdicts/h11-unicorn-lost-dumps-digest-worker0-export-spike/production.log.gz", as: .rails)
        // Then every run is a job, beside the requests
        #expect(sink.skipped.isEmpty)
        #expect(sink.jobs.count == 59)
        #expect(sink.jobs.filter { $0.jobClass == "SiteDigestJob" }.count == 38)
        #expect(!sink.requests.isEmpty)
    }
}
