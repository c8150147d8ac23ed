import Foundation

extension ReportBuilder {
    /// The endpoints by the RSS their requests kept, when per-request RSS lines were ingested (else none).
    func endpointGrowthTables() throws -> [ReportModel.Table] {
        let growth = try database.endpointRSSGrowth(limit: options.topN)
        guard !growth.isEmpty else { return [] }
        return [
            ReportModel.Table(
                title: "Endpoints by RSS kept per request", anchor: "endpoint-growth",
                note: "From per-request RSS lines: the net RSS change of each endpoint's requests, and how much "
                    + "stayed (raised the process's floor) or was given back later. A big grower that gives "
                    + "everything back is not a leak. Net change and mean are signed: they are negative when "
                    + "memory was freed during these requests (GC, or an earlier request's large allocation given "
                    + "back) more than it grew, even for an endpoint that keeps memory. The second query lists the "
                    + "single worst requests.",
                columns: [
                    "endpoint", "requests", "net change MB", "kept MB", "given back MB", "mean KB", "max KB",
                ],
                rows: growth.map {
                    [
                        $0.endpoint, formatCount($0.requests), Self.signedMB($0.totalDeltaKB),
                        Self.signedMB($0.retainedKB), Self.mb($0.givenBackKB), Self.signedNumber($0.meanDeltaKB),
                        Self.number($0.maxDeltaKB),
                    ]
                },
                moreRows: nil,
                sql: MemlineDatabase.endpointRSSGrowthSQL.replacingOccurrences(
                    of: "LIMIT ?", with: "LIMIT \(options.topN)") + "\n\n-- The single worst requests:\n"
                    + MemlineDatabase.worstRequestsSQL)
        ]
    }
}
