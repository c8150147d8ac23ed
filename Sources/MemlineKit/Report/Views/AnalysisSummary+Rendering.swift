extension AnalysisSummary {
    /// One line per fact, for the terminal.
    public var text: String {
        var lines = ["\(series) memory series, \(segments) segments"]
        let kinds = TrendKind.allCases.compactMap { kind in trends[kind].map { "\($0) \(kind.rawValue)" } }
        if !kinds.isEmpty { lines.append("trends: " + kinds.joined(separator: ", ")) }
        lines.append("\(spikes) spikes (\(unrecoveredSpikes) not recovered)")
        if suspectNames.isEmpty {
            lines.append("no suspect: nothing grew in a way the evidence pins on one cause")
        } else {
            lines.append(
                "\(suspects) suspects: "
                    + suspectNames.prefix(5).enumerated().map { "#\($0 + 1) \($1)" }
                    .joined(separator: ", "))
        }
        if workerBudgets > 0 {
            lines.append("\(workerBudgets) worker budgets (memline query 'select * from worker_budgets')")
        }
        if ruledOut > 0 { lines.append("\(ruledOut) ruled out (memline query 'select * from ruled_out')") }
        if !verdict.isEmpty { lines.append("verdict: " + verdict) }
        if clockSkews > 0 {
            lines.append("\(clockSkews) clock skew(s) between sources: memline skew (skew --auto corrects them)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
