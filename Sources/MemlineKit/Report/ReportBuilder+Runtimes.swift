extension ReportBuilder {
    /// Erlang/Elixir processes and jemalloc/gperftools heap profiles, when the database holds them.
    func runtimeTables() throws -> [ReportModel.Table] {
        var tables: [ReportModel.Table] = []
        let growth = try database.processGrowth()
        if !growth.isEmpty {
            let ranking = ProcessGrowthRanking(processes: growth)
            for order in ProcessGrowthRanking.Order.allCases {
                let result = ranking.table(by: order, top: options.topN)
                guard !result.rows.isEmpty else { continue }
                tables.append(
                    Self.table(
                        result, title: order == .memory ? "Processes by memory growth" : "Processes by mailbox growth",
                        anchor: "processes-\(order.rawValue)",
                        note: "Erlang/Elixir process snapshots: growth between each process's first and last sample.",
                        more: growth.count > options.topN
                            ? "\(growth.count - options.topN) more: memline processes" : nil,
                        sql: "SELECT * FROM v_process_samples ORDER BY pid, ts;"))
            }
        }
        let profiles = try database.heapProfiles()
        if let last = profiles.last {
            let first = profiles[0]
            let report =
                profiles.count >= 2
                ? try database.profileDiff(base: String(first.id), target: String(last.id))
                : try database.profileTop(String(last.id))
            let title =
                profiles.count >= 2
                ? "Heap profile growth by function (\(first.label) → \(last.label))"
                : "Heap profile by function (\(last.label))"
            tables.append(
                Self.table(
                    report.functionTable(limit: options.topN), title: title, anchor: "profiles",
                    note:
                        "Sampled counts unbiased as jeprof does; symbolize with `memline profile symbolize --binary`.",
                    more: nil,
                    sql: profiles.count >= 2
                        ? "-- memline profile diff \(first.id) \(last.id)\nSELECT * FROM profile_diff WHERE base_id = \(first.id) AND target_id = \(last.id) AND grouping = 'flat' ORDER BY rank;"
                        : "-- memline profile top \(last.id)"))
        }
        return tables
    }

    /// A printable query result as a report table.
    static func table(
        _ result: QueryResult, title: String, anchor: String, note: String?, more: String?, sql: String
    ) -> ReportModel.Table {
        ReportModel.Table(
            title: title, anchor: anchor, note: note, columns: result.columns,
            rows: result.rows.map { $0.map(\.display) }, moreRows: more, sql: sql)
    }
}
