extension ProcessGrowthRanking {
    /// One ranking's top processes as rows: rank, pid, name, the window, and memory, mailbox and reductions growth.
    public func table(by order: Order, top: Int) -> QueryResult {
        func cell(_ v: Int?) -> QueryResult.Cell { v.map { .integer(Int64($0)) } ?? .null }
        let rows = ranked(by: order, top: top).enumerated().map { (i, g) -> [QueryResult.Cell] in
            [
                .integer(Int64(i + 1)), g.pid.map(QueryResult.Cell.text) ?? .null,
                g.registeredName.map(QueryResult.Cell.text) ?? .null, .integer(Int64(g.samples)),
                .text(g.firstTS.iso8601), .text(g.lastTS.iso8601), cell(g.memoryFirst), cell(g.memoryLast),
                cell(g.memoryGrowth), cell(g.queueFirst), cell(g.queueLast), cell(g.queueGrowth),
                cell(g.reductionsGrowth), g.currentFunction.map(QueryResult.Cell.text) ?? .null,
            ]
        }
        return QueryResult(
            columns: [
                "rank", "pid", "name", "samples", "first_ts", "last_ts", "memory_first", "memory_last",
                "memory_growth", "queue_first", "queue_last", "queue_growth", "reductions_growth", "current_function",
            ], rows: rows)
    }

    /// Both rankings (or one) in `format`; `csv` and `json` give the rows of the first ranking asked.
    public func rendered(as format: OutputFormat, orders: [Order], top: Int, wide: Bool = false) -> String {
        switch format {
        case .csv, .json:
            return table(by: orders.first ?? .memory, top: top).rendered(as: format)
        case .table, .markdown:
            var out = ""
            for order in orders {
                let heading = order == .memory ? "By memory growth (bytes)" : "By mailbox growth (message_queue_len)"
                out += format == .markdown ? "### \(heading)\n\n" : "\(heading)\n"
                out += table(by: order, top: top).rendered(as: format, wide: wide)
                out += "\n"
            }
            if let suspect = ranked(by: .queue, top: 1).first, let queue = suspect.queueLast, queue > 0 {
                let name = suspect.registeredName.map { " (\($0))" } ?? ""
                out +=
                    "Largest mailbox growth: \(suspect.process)\(name) reached \(formatCount(queue)) "
                    + "messages"
                if let f = suspect.currentFunction { out += ", waiting in \(f)" }
                out += ".\n"
            }
            return out
        }
    }
}
