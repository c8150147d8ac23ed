import Foundation

extension HeapDiffReport {
    /// The report in `format`: the top `limit` groups of each grouping, retention paths and retainers,
    /// and the notes. `csv` gives the group rows only; `json` one object with everything.
    public func rendered(as format: OutputFormat, limit: Int = 10) -> String {
        switch format {
        case .table: return text(limit: limit, markdown: false)
        case .markdown: return text(limit: limit, markdown: true)
        case .csv: return groupRows(limit: limit).rendered(as: .csv)
        case .json: return json(limit: limit)
        }
    }

    /// One grouping's top groups as rows: rank, key, objects, memsize, the count in each snapshot, growth.
    public func table(_ grouping: HeapGrouping, limit: Int) -> QueryResult {
        var columns = ["rank", grouping.rawValue]
        if grouping == .site { columns.append("gem") }
        columns += ["objects", "memsize"] + countColumns + ["growth"]
        let rows = top(grouping, limit: limit).map { g -> [QueryResult.Cell] in
            var row: [QueryResult.Cell] = [.integer(Int64(g.rank)), .text(g.key)]
            if grouping == .site { row.append(g.gem.map(QueryResult.Cell.text) ?? .null) }
            row += [.integer(Int64(g.objects)), .text(Self.bytes(g.memsize))]
            row += g.counts.map { .integer(Int64($0)) }
            row.append(.text(Self.signed(g.growth)))
            return row
        }
        return QueryResult(columns: columns, rows: rows)
    }

    /// Snapshot labels as count column names, made unique when two snapshots share a label.
    private var countColumns: [String] {
        var seen: [String: Int] = [:]
        return snapshots.map { s in
            seen[s.label, default: 0] += 1
            return seen[s.label] == 1 ? s.label : "\(s.label) (\(s.id))"
        }
    }

    private var headline: String {
        snapshots.map { "\($0.label) (id \($0.id), \(formatCount($0.objects)) objects)" }
            .joined(separator: " → ")
    }

    private var leakedLine: String {
        "\(formatCount(leakedObjects)) objects, \(Self.bytes(leakedMemsize)): \(criterion)"
    }

    /// The groups whose paths are printed: allocation sites, or classes when TARGET has no sites.
    private func pathGroups(limit: Int) -> [HeapLeakGroup] {
        let sites = top(.site, limit: limit)
        let traced = sites.contains { $0.key != "(untraced)" }
        let groups = traced ? sites : top(.className, limit: limit)
        return groups.filter { $0.retentionPath != nil || !$0.retainers.isEmpty }
    }

    private func text(limit: Int, markdown: Bool) -> String {
        var out = ""
        let title = base == nil ? "Heap by group" : "Heap diff"
        if markdown {
            out += "## \(title): \(snapshots.map(\.label).joined(separator: " → "))\n\n"
            out += "Snapshots: \(headline).\n\n"
            out += "\(base == nil ? "Objects" : "Leaked"): **\(leakedLine)**.\n"
        } else {
            out += "\(title)  \(headline)\n"
            out += "\(base == nil ? "Objects" : "Leaked")     \(leakedLine)\n"
        }
        for grouping in HeapGrouping.allCases {
            let total = groups.filter { $0.grouping == grouping }.count
            let heading = "By \(grouping.title) (top \(min(limit, total)) of \(total))"
            out += markdown ? "\n### \(heading)\n\n" : "\n\(heading)\n"
            out += table(grouping, limit: limit).rendered(as: markdown ? .markdown : .table)
        }
        let withPaths = pathGroups(limit: limit)
        if !withPaths.isEmpty {
            out += markdown ? "\n### Who holds it\n\n" : "\nWho holds it\n"
            for g in withPaths {
                let head = "\(g.key) (\(formatCount(g.objects)) objects, \(Self.bytes(g.memsize)))"
                if markdown {
                    out += "- **\(head)**: `\(g.retentionPath ?? "no path from a GC root")`\n"
                    for r in g.retainers.prefix(5) { out += "  - held by \(Self.describe(r))\n" }
                } else {
                    out += "\(head)\n  \(g.retentionPath ?? "no path from a GC root")\n"
                    for r in g.retainers.prefix(5) { out += "  held by \(Self.describe(r))\n" }
                }
            }
        }
        if !notes.isEmpty {
            out += markdown ? "\n### Notes\n\n" : "\nNotes\n"
            for note in notes { out += "- \(note)\n" }
        }
        return out
    }

    /// `Hash @ app/web.rb:10: 200 objects holding 200`
    static func describe(_ r: HeapRetainer) -> String {
        let who = r.site.map { "\(r.retainer) @ \($0)" } ?? r.retainer
        if r.retainer.hasPrefix("ROOT ") { return "\(who) (\(formatCount(r.held)) directly)" }
        let objects = r.retainers == 1 ? "1 object" : "\(formatCount(r.retainers)) objects"
        return "\(who): \(objects) holding \(formatCount(r.held))"
    }

    private func groupRows(limit: Int) -> QueryResult {
        let columns =
            ["grouping", "rank", "key", "gem", "objects", "memsize"] + countColumns
            + ["growth", "retention_path"]
        var rows: [[QueryResult.Cell]] = []
        for grouping in HeapGrouping.allCases {
            for g in top(grouping, limit: limit) {
                var row: [QueryResult.Cell] = [
                    .text(grouping.rawValue), .integer(Int64(g.rank)), .text(g.key),
                    g.gem.map(QueryResult.Cell.text) ?? .null, .integer(Int64(g.objects)), .integer(Int64(g.memsize)),
                ]
                row += g.counts.map { .integer(Int64($0)) }
                row += [.text(Self.signed(g.growth)), g.retentionPath.map(QueryResult.Cell.text) ?? .null]
                rows.append(row)
            }
        }
        return QueryResult(columns: columns, rows: rows)
    }

    private func json(limit: Int) -> String {
        func q(_ s: String?) -> String { s.map(QueryResult.jsonString) ?? "null" }
        func snapshot(_ s: HeapSnapshotInfo) -> String {
            "{\"id\": \(s.id), \"label\": \(q(s.label)), \"taken_at\": \(q(s.takenAt)), \"objects\": \(s.objects)}"
        }
        var out = "{\n"
        out += "  \"base\": \(base.map(snapshot) ?? "null"),\n"
        out += "  \"target\": \(snapshot(target)),\n"
        out += "  \"later\": [\(later.map(snapshot).joined(separator: ", "))],\n"
        out += "  \"criterion\": \(q(criterion)),\n"
        out += "  \"leaked_objects\": \(leakedObjects),\n"
        out += "  \"leaked_memsize\": \(leakedMemsize),\n"
        out += "  \"groups\": ["
        var first = true
        for grouping in HeapGrouping.allCases {
            for g in top(grouping, limit: limit) {
                out += first ? "\n" : ",\n"
                first = false
                let retainers = g.retainers.map {
                    "{\"retainer\": \(q($0.retainer)), \"site\": \(q($0.site)), \"retainers\": \($0.retainers), "
                        + "\"held\": \($0.held)}"
                }
                out += "    {\"grouping\": \(q(grouping.rawValue)), \"rank\": \(g.rank), \"key\": \(q(g.key)), "
                out += "\"gem\": \(q(g.gem)), \"objects\": \(g.objects), \"memsize\": \(g.memsize), "
                out += "\"counts\": [\(g.counts.map(String.init).joined(separator: ", "))], "
                out += "\"growth\": [\(g.growth.map(String.init).joined(separator: ", "))], "
                let sample = g.sampleAddress.map { "0x" + String(UInt64(bitPattern: $0), radix: 16) }
                out += "\"sample_address\": \(q(sample)), \"retention_path\": \(q(g.retentionPath)), "
                out += "\"retainers\": [\(retainers.joined(separator: ", "))]}"
            }
        }
        out += first ? "],\n" : "\n  ],\n"
        out += "  \"notes\": [\(notes.map(QueryResult.jsonString).joined(separator: ", "))]\n}\n"
        return out
    }

    /// `+200, +0, -3`
    static func signed(_ values: [Int]) -> String {
        values.map { $0 > 0 ? "+\(formatCount($0))" : formatCount($0) }.joined(separator: ", ")
    }

    /// `40 B`, `9.4 KiB`, `1.2 MiB`
    public static func bytes(_ n: Int) -> String {
        let v = Double(n)
        if abs(v) < 1024 { return "\(n) B" }
        if abs(v) < 1024 * 1024 { return String(format: "%.1f KiB", v / 1024) }
        if abs(v) < 1024 * 1024 * 1024 { return String(format: "%.1f MiB", v / 1_048_576) }
        return String(format: "%.2f GiB", v / 1_073_741_824)
    }
}
