import Foundation

extension QueryResult {
    /// The width at which table output cuts a cell (unless `wide`).
    public static let tableCellLimit = 80

    /// Renders the rows in `format`, ending with a newline.
    ///
    /// - Parameters:
    ///   - format: table, csv, json or markdown.
    ///   - wide: table cells are shown whole instead of cut at `tableCellLimit` characters.
    public func rendered(as format: OutputFormat, wide: Bool = false) -> String {
        switch format {
        case .table: return table(cellLimit: wide ? nil : Self.tableCellLimit)
        case .csv: return csv()
        case .json: return json()
        case .markdown: return markdown()
        }
    }

    private func isNumeric(_ column: Int) -> Bool {
        rows.allSatisfy { row in
            switch row[column] {
            case .integer, .real, .null: return true
            default: return false
            }
        }
    }

    /// Columns padded to their widest cell, numbers right-aligned, long cells cut at `cellLimit` characters; the
    /// closing line says once how many were cut and how to see them whole.
    func table(cellLimit: Int? = QueryResult.tableCellLimit) -> String {
        var cut = 0
        let cells = rows.map {
            $0.map { cell in
                let text = Self.oneLine(cell.display, limit: cellLimit ?? Int.max)
                if text.count < cell.display.count, text.hasSuffix("…") { cut += 1 }
                return text
            }
        }
        var widths = columns.map(\.count)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        let numeric = columns.indices.map(isNumeric)
        func pad(_ s: String, _ i: Int) -> String {
            let fill = String(repeating: " ", count: widths[i] - s.count)
            return numeric[i] ? fill + s : s + fill
        }
        var out = columns.indices.map { pad(columns[$0], $0) }.joined(separator: "  ") + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells {
            var line = row.indices.map { pad(row[$0], $0) }.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        let count = "\(rows.count) row\(rows.count == 1 ? "" : "s")"
        if cut > 0, let cellLimit {
            out +=
                "(\(count); \(cut) cell\(cut == 1 ? "" : "s") cut at \(cellLimit) characters: "
                + "--wide shows them whole, --format json gives every value)\n"
        } else {
            out += "(\(count))\n"
        }
        return out
    }

    /// RFC 4180: fields with commas, quotes or newlines are quoted, quotes doubled.
    func csv() -> String {
        func field(_ s: String) -> String {
            if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        var out = columns.map(field).joined(separator: ",") + "\n"
        for row in rows { out += row.map { field($0.display) }.joined(separator: ",") + "\n" }
        return out
    }

    /// An array of objects keyed by column name; numbers stay numbers, NULL is null.
    func json() -> String {
        var out = "["
        for (r, row) in rows.enumerated() {
            out += r == 0 ? "\n  {" : ",\n  {"
            for (i, cell) in row.enumerated() {
                out += (i == 0 ? "" : ", ") + Self.jsonString(columns[i]) + ": "
                switch cell {
                case .null: out += "null"
                case .integer(let v): out += String(v)
                case .real(let v): out += v.isFinite ? cell.display : "null"
                case .text(let s): out += Self.jsonString(s)
                case .blob: out += Self.jsonString(cell.display)
                }
            }
            out += "}"
        }
        out += rows.isEmpty ? "]\n" : "\n]\n"
        return out
    }

    /// A GitHub-flavoured table; pipes escaped, newlines flattened.
    func markdown() -> String {
        func cell(_ s: String) -> String {
            Self.oneLine(s, limit: 500).replacingOccurrences(of: "|", with: "\\|")
        }
        let numeric = columns.indices.map(isNumeric)
        var out = "| " + columns.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map { cell($0.display) }.joined(separator: " | ") + " |\n" }
        return out
    }

    static func oneLine(_ s: String, limit: Int) -> String {
        var t = ControlCharacters.neutralised(s, keepingLayout: false)
        if t.count > limit { t = String(t.prefix(limit - 1)) + "…" }
        return t
    }

    /// A JSON string literal with the escapes RFC 8259 requires.
    public static func jsonString(_ s: String) -> String { JSONText.quoted(s) }
}
