/// Reads JSON lines of memory samples: one object per line with the keys of the CSV columns.
///
/// `{"ts":"2026-11-22T01:38:20Z","pid":2,"process":"python3","rss_kb":21596}`: the time
/// (`ts`/`time`/`timestamp`) as ISO-8601 text or Unix seconds, memory as numbers or numeric
/// strings. Unknown keys are ignored; `null` counts as absent. A line that is not an object, or
/// whose value cannot be read, is skipped with a reason naming the key.
struct MemoryJSONLinesParser: LineParser {
    let context: ParseContext
    /// Key → field, so each distinct key is lowercased and matched once per file.
    private var known: [String: MemorySampleField?] = [:]

    init(context: ParseContext) {
        self.context = context
    }

    mutating func parse(_ line: Line, into sink: any RecordSink) throws {
        var text = line.text
        let object: FlatJSONObject? = text.withUTF8 { u in
            ASCIIScan.trimmed(u, 0..<u.count).isEmpty ? FlatJSONObject(members: []) : FlatJSONObject.parse(bytes: u)
        }
        guard let object else {
            try sink.skip(line: line.number, reason: "expected one JSON object per line", text: line.text)
            return
        }
        if object.members.isEmpty { return }
        var builder = MemorySampleBuilder()
        var timeKey: String?
        var rssKey: String?
        for (key, value) in object.members {
            let field: MemorySampleField?
            if let cached = known[key] {
                field = cached
            } else {
                field = MemorySampleField.named(key)
                known[key] = .some(field)
            }
            guard let field else { continue }
            if field == .time { timeKey = key }
            if field.isRSS { rssKey = key }
            let label = "key \(key)"
            var problem: String?
            switch value {
            case .number(let number):
                problem = builder.set(field, label: label, number: number)
            case .string(var string):
                problem = string.withUTF8 { builder.set(field, label: label, text: $0, zone: context.zone) }
            case .null:
                continue
            case .bool, .object, .array:
                problem = "\(label): expected a number or a string"
            }
            if let problem {
                try sink.skip(line: line.number, reason: problem, text: line.text)
                return
            }
        }
        switch builder.build(
            line: line.number, timeLabel: "key \(timeKey ?? "ts")", rssLabel: "key \(rssKey ?? "rss_kb")",
            host: context.host)
        {
        case .success(let sample): try sink.emit(.rssSample(sample))
        case .failure(let failure): try sink.skip(line: line.number, reason: failure.reason, text: line.text)
        }
    }
}
