extension ReportBuilder {
    /// The clocks that disagreed (detected by the analysis) and the offsets applied; nil when there are none.
    func clockTable() throws -> ReportModel.Table? {
        let clocks = try database.clocks()
        guard !clocks.isEmpty else { return nil }
        return ReportModel.Table(
            title: "Clocks", anchor: "clocks",
            note: "Sources whose clocks disagree, found by the same request id in two logs or by lining up two "
                + "recordings of one process's RSS. The offset is what to add to the source's times; an applied "
                + "offset has already moved them, as memline skew apply does. Times in this report are as stored.",
            columns: ["source", "state", "offset", "against", "method", "pairs", "confidence", "applied"],
            rows: clocks.map { c in
                [
                    c.artifact, c.state, ClockOffset.format(c.offsetMS), c.reference ?? "", c.method ?? "",
                    c.pairs.map { formatCount($0) } ?? "", c.confidence ?? "", c.applied,
                ]
            },
            moreRows: nil, sql: "SELECT * FROM v_clock_skews; SELECT name, clock_offset_ms FROM artifacts;")
    }
}
