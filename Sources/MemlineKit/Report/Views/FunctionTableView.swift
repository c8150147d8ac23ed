/// A heap-profile view rendered as text, as its function table (CSV) or as JSON, each cut to its top rows.
protocol FunctionTableView {
    func functionTable(limit: Int, raw: Bool) -> QueryResult
    func text(limit: Int, markdown: Bool) -> String
    func json(limit: Int) -> String
}

extension FunctionTableView {
    /// The view in `format`, cut to the top `limit` functions.
    func renderedView(as format: OutputFormat, limit: Int) -> String {
        switch format {
        case .table: return text(limit: limit, markdown: false)
        case .markdown: return text(limit: limit, markdown: true)
        case .csv: return functionTable(limit: limit, raw: true).rendered(as: .csv)
        case .json: return json(limit: limit)
        }
    }
}
