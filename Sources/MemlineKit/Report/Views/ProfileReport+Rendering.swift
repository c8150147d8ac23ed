import Foundation

extension ProfileReport {
    /// The report in `format`: the totals, the top `limit` functions in jeprof's `--text` columns (flat,
    /// flat%, sum%, cum, cum%) and the top stacks. `csv` gives the function rows only; `json` one object.
    public func rendered(as format: OutputFormat, limit: Int = 20) -> String {
        renderedView(as: format, limit: limit)
    }

    private var title: String {
        if let base { return "Heap growth \(base.label) → \(target.label)" }
        return "Heap in use: \(target.label)"
    }

    private var totalLine: String {
        let noun = base == nil ? "in use" : "growth"
        return "Total \(noun): \(Self.bytes(totalBytes)) (\(Self.megabytes(totalBytes)) MB as jeprof prints it), "
            + "\(formatCount(Int(totalObjects.rounded()))) objects (unbiased)"
    }

    private var symbolLine: String? {
        guard frames > 0, namedFrames < frames else { return nil }
        return "\(namedFrames) of \(frames) frames symbolized; run `memline profile symbolize --binary PATH` "
            + "to name the rest (unnamed frames read module+0xoffset)"
    }

    /// Functions in jeprof's columns; `raw` keeps plain numbers (bytes, fractions) for CSV/JSON.
    public func functionTable(limit: Int, raw: Bool = false) -> QueryResult {
        var sum = 0.0
        var rows: [[QueryResult.Cell]] = []
        for f in functions.prefix(limit) {
            sum += f.flatBytes
            if raw {
                rows.append([
                    .text(f.name), .real(f.flatBytes), .real(share(f.flatBytes)), .real(share(sum)),
                    .real(f.cumulativeBytes), .real(share(f.cumulativeBytes)), .real(f.flatObjects),
                ])
            } else {
                rows.append([
                    .text(Self.bytes(f.flatBytes)), .text(Self.percent(share(f.flatBytes))),
                    .text(Self.percent(share(sum))), .text(Self.bytes(f.cumulativeBytes)),
                    .text(Self.percent(share(f.cumulativeBytes))), .text(f.name),
                ])
            }
        }
        let columns =
            raw
            ? ["function", "flat_bytes", "flat_share", "sum_share", "cum_bytes", "cum_share", "flat_objects"]
            : ["flat", "flat%", "sum%", "cum", "cum%", "function"]
        return QueryResult(columns: columns, rows: rows)
    }

    public func stackTable(limit: Int) -> QueryResult {
        QueryResult(
            columns: ["bytes", "share", "objects", "stack (allocating function first)"],
            rows: stacks.prefix(limit).map {
                [
                    .text(Self.bytes($0.bytes)), .text(Self.percent(share($0.bytes))),
                    .integer(Int64($0.objects.rounded())), .text($0.key),
                ]
            })
    }

    private func share(_ bytes: Double) -> Double { totalBytes == 0 ? 0 : bytes / totalBytes }

    func text(limit: Int, markdown: Bool) -> String {
        var out = markdown ? "## \(title)\n\n\(totalLine).\n" : "\(title)\n\(totalLine)\n"
        if let symbolLine { out += markdown ? "\n_\(symbolLine)._\n" : "\(symbolLine)\n" }
        let functionHeading = "By function (top \(min(limit, functions.count)) of \(functions.count))"
        out += markdown ? "\n### \(functionHeading)\n\n" : "\n\(functionHeading)\n"
        out += functionTable(limit: limit).rendered(as: markdown ? .markdown : .table)
        let stackHeading = "By stack (top \(min(limit, stacks.count)) of \(stacks.count))"
        out += markdown ? "\n### \(stackHeading)\n\n" : "\n\(stackHeading)\n"
        out += stackTable(limit: limit).rendered(as: markdown ? .markdown : .table)
        return out
    }

    func json(limit: Int) -> String {
        func profile(_ p: HeapProfileInfo?) -> String {
            guard let p else { return "null" }
            return "{\"id\": \(p.id), \"label\": \(QueryResult.jsonString(p.label)), \"file\": "
                + "\(QueryResult.jsonString(p.file)), \"bytes_unbiased\": \(formatJSONNumber(p.bytesUnbiased))}"
        }
        var out = "{\"base\": \(profile(base)), \"target\": \(profile(target)), "
        out +=
            "\"total_bytes\": \(formatJSONNumber(totalBytes)), \"total_objects\": \(formatJSONNumber(totalObjects)), "
        out += "\"frames\": \(frames), \"named_frames\": \(namedFrames), \"functions\": "
        out += functionTable(limit: limit, raw: true).rendered(as: .json).trimmingCharacters(in: .newlines)
        out += ", \"stacks\": ["
        out += stacks.prefix(limit).map {
            "{\"stack\": \(QueryResult.jsonString($0.key)), \"bytes\": \(formatJSONNumber($0.bytes)), "
                + "\"objects\": \(formatJSONNumber($0.objects))}"
        }.joined(separator: ", ")
        return out + "]}\n"
    }

    /// `91.4%`, as jeprof prints shares.
    static func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }

    /// jeprof's `--text` unit: MiB with one decimal.
    static func megabytes(_ bytes: Double) -> String { String(format: "%.1f", bytes / 1_048_576) }

    /// `40 B`, `9.4 KiB`, `1.2 MiB`, signed.
    static func bytes(_ v: Double) -> String {
        if abs(v) < 1024 { return "\(Int64(v.rounded())) B" }
        if abs(v) < 1024 * 1024 { return String(format: "%.1f KiB", v / 1024) }
        if abs(v) < 1024 * 1024 * 1024 { return String(format: "%.2f MiB", v / 1_048_576) }
        return String(format: "%.2f GiB", v / 1_073_741_824)
    }
}

extension ProfileReport: FunctionTableView {}
