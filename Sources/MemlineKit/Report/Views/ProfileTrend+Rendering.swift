import Foundation

extension ProfileTrend {
    /// The trend in `format`: the dumps, then the top `limit` functions by growth with their shape and a
    /// sparkline of their bytes over the dumps. `csv` gives the function rows with one column of bytes per dump
    /// (named by the dump's label); `json` one object with the dumps and every function's series.
    public func rendered(as format: OutputFormat, limit: Int = 20) -> String {
        renderedView(as: format, limit: limit)
    }

    private var title: String {
        let whose = pid.map { "pid \($0)" } ?? "the profiles"
        let span = hours.map { " over \(Self.duration(hours: $0))" } ?? ""
        let first = points.first?.label ?? ""
        let last = points.last?.label ?? ""
        return "Heap trend of \(whose): \(points.count) dumps, \(first) → \(last)\(span) (\(groupingNote))"
    }

    private var groupingNote: String {
        grouping == "cumulative" ? "cumulative: every function on the stack" : "flat: the allocating function"
    }

    private var totalLine: String {
        let first = points.first?.totalBytes ?? 0
        let last = points.last?.totalBytes ?? 0
        var line =
            "In use: \(ProfileReport.bytes(first)) → \(ProfileReport.bytes(last)) (\(Self.signed(last - first)))"
        if let hours, hours > 0 { line += ", \(Self.signed((last - first) / hours))/h" }
        if hours == nil { line += "; dump times unknown or out of order, so rates are per dump" }
        return line
    }

    private var symbolLine: String? {
        guard frames > 0, namedFrames < frames else { return nil }
        return "\(namedFrames) of \(frames) frames symbolized; run `memline profile symbolize --binary PATH` "
            + "to name the rest (unnamed frames read module+0xoffset)"
    }

    /// The dumps of the series: order, label, time and total.
    public func pointTable() -> QueryResult {
        QueryResult(
            columns: ["#", "profile", "seq", "taken_at", "in use"],
            rows: points.enumerated().map { index, p in
                [
                    .integer(Int64(index + 1)), .text(p.label), p.seq.map { .integer(Int64($0)) } ?? .null,
                    p.takenAt.map { .text($0.iso8601) } ?? .null, .text(ProfileReport.bytes(p.totalBytes)),
                ]
            })
    }

    /// Functions by growth; `raw` keeps plain numbers and adds a column of bytes per dump (CSV/JSON).
    public func functionTable(limit: Int, raw: Bool = false) -> QueryResult {
        let steps = max(0, points.count - 1)
        if raw {
            let columns =
                [
                    "function", "shape", "first_bytes", "last_bytes", "peak_bytes", "growth_bytes", "rate_per_hour",
                    "rate_per_dump", "rising_steps", "falling_steps", "steps", "kendall_tau", "largest_step_share",
                ] + points.map(\.label)
            let rows = functions.prefix(limit).map { f -> [QueryResult.Cell] in
                let m = f.measures
                return [
                    .text(f.name), .text(m.shape.rawValue), .real(f.firstBytes), .real(f.lastBytes), .real(m.peak),
                    .real(m.growth), f.ratePerHour.map(QueryResult.Cell.real) ?? .null, .real(f.ratePerDump),
                    .integer(Int64(m.risingSteps)), .integer(Int64(m.fallingSteps)), .integer(Int64(steps)),
                    .real(Self.rounded(m.kendallTau)), m.largestStepShare.map { .real(Self.rounded($0)) } ?? .null,
                ] + f.bytes.map { .real(($0 * 1000).rounded() / 1000) }
            }
            return QueryResult(columns: columns, rows: rows)
        }
        let rateColumn = hours == nil ? "per dump" : "per hour"
        let rows = functions.prefix(limit).map { f -> [QueryResult.Cell] in
            let m = f.measures
            let rate = f.ratePerHour.map { Self.signed($0) + "/h" } ?? (Self.signed(f.ratePerDump) + "/dump")
            return [
                .text(f.name), .text(ProfileReport.bytes(f.firstBytes)), .text(ProfileReport.bytes(f.lastBytes)),
                .text(Self.signed(m.growth)), .text(rate), .text("\(m.risingSteps)/\(steps)"),
                .text(String(format: "%.2f", m.kendallTau)),
                .text(m.largestStepShare.map { ProfileReport.percent($0) } ?? ""), .text(m.shape.rawValue),
                .text(Self.sparkline(f.bytes)),
            ]
        }
        return QueryResult(
            columns: [
                "function", "first", "last", "growth", rateColumn, "rising", "tau", "top step", "shape",
                "over the dumps",
            ], rows: rows)
    }

    func text(limit: Int, markdown: Bool) -> String {
        var out = markdown ? "## \(title)\n\n\(totalLine).\n" : "\(title)\n\(totalLine)\n"
        if let symbolLine { out += markdown ? "\n_\(symbolLine)._\n" : "\(symbolLine)\n" }
        out += markdown ? "\n### Dumps\n\n" : "\nDumps\n"
        out += pointTable().rendered(as: markdown ? .markdown : .table)
        let heading = "By function, most growth first (top \(min(limit, functions.count)) of \(functions.count))"
        out += markdown ? "\n### \(heading)\n\n" : "\n\(heading)\n"
        out += functionTable(limit: limit).rendered(as: markdown ? .markdown : .table)
        let note =
            "rising: steps in which the function held more; tau: Kendall's tau over all pairs of dumps (1 = rose "
            + "at every later dump); top step: the largest single rise as a share of the growth."
        out += markdown ? "\n_\(note)_\n" : "\n\(note)\n"
        return out
    }

    func json(limit: Int) -> String {
        var out = "{\"pid\": \(pid.map(String.init) ?? "null"), \"grouping\": \(QueryResult.jsonString(grouping)), "
        out += "\"hours\": \(hours.map(formatJSONNumber) ?? "null"), \"dumps\": ["
        out += points.map { p in
            "{\"id\": \(p.id), \"label\": \(QueryResult.jsonString(p.label)), "
                + "\"seq\": \(p.seq.map(String.init) ?? "null"), "
                + "\"taken_at\": \(p.takenAt.map { QueryResult.jsonString($0.iso8601) } ?? "null"), "
                + "\"bytes\": \(formatJSONNumber(p.totalBytes))}"
        }.joined(separator: ", ")
        out += "], \"frames\": \(frames), \"named_frames\": \(namedFrames), \"functions\": ["
        out += functions.prefix(limit).map { f in
            let m = f.measures
            let stepShare = m.largestStepShare.map { formatJSONNumber(Self.rounded($0)) } ?? "null"
            return "{\"function\": \(QueryResult.jsonString(f.name)), "
                + "\"shape\": \(QueryResult.jsonString(m.shape.rawValue)), "
                + "\"bytes\": [\(f.bytes.map(formatJSONNumber).joined(separator: ", "))], "
                + "\"growth_bytes\": \(formatJSONNumber(m.growth)), "
                + "\"peak_bytes\": \(formatJSONNumber(m.peak)), "
                + "\"rate_per_hour\": \(f.ratePerHour.map(formatJSONNumber) ?? "null"), "
                + "\"rate_per_dump\": \(formatJSONNumber(f.ratePerDump)), "
                + "\"rising_steps\": \(m.risingSteps), \"falling_steps\": \(m.fallingSteps), "
                + "\"kendall_tau\": \(formatJSONNumber(Self.rounded(m.kendallTau))), "
                + "\"largest_step_share\": \(stepShare)}"
        }.joined(separator: ", ")
        return out + "]}\n"
    }

    /// `▁▂▄█`: each dump's bytes on eight levels from 0 to the function's peak.
    static func sparkline(_ values: [Double]) -> String {
        let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let peak = values.max() ?? 0
        guard peak > 0 else { return String(repeating: "▁", count: values.count) }
        return String(values.map { levels[min(7, max(0, Int(($0 / peak * 7).rounded())))] })
    }

    /// `+2.71 MiB`, `-40 B`.
    static func signed(_ bytes: Double) -> String { (bytes > 0 ? "+" : "") + ProfileReport.bytes(bytes) }

    static func rounded(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

    /// `3.4 s`, `12 min`, `5.2 h`, `3.1 d`.
    static func duration(hours: Double) -> String {
        let seconds = hours * 3600
        if seconds < 120 { return String(format: "%.1f s", seconds) }
        if seconds < 7200 { return String(format: "%.0f min", seconds / 60) }
        if hours < 72 { return String(format: "%.1f h", hours) }
        return String(format: "%.1f d", hours / 24)
    }
}

extension ProfileTrend: FunctionTableView {}
