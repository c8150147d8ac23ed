/// Reads JSON lines of memory samples: one object per line with the keys of the CSV columns.
///
/// `{"ts":"2026-11-22T01:38:20Z","pid":2,"process":"python3","rss_kb":21596}`: the time
/// (`ts`/`time`/`timestamp`) as ISO-8601 text or Unix seconds, memory as numbers or numeric
/// strings. Unknown keys are ignored; `null` counts as absent. A line that is not an object, or
/// whose value cannot be read, is skipped with a reason naming the key.
struct MemoryJSONLinesParser: TextLineParser {
    let context: ParseContext
    /// The keys met so far with their field, so each distinct key is matched by name once per file.
    private var known: [(key: [UInt8], field: MemorySampleField?, label: String)] = []

    init(context: ParseContext) {
        self.context = context
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        var text = line.text
        var builder = MemorySampleBuilder()
        var problem: String?
        var timeLabel = "key ts"
        var rssLabel = "key rss_kb"
        var empty = false
        let ok = text.withUTF8 { u -> Bool in
            if ASCIIScan.trimmed(u, 0..<u.count).isEmpty {
                empty = true
                return true
            }
            return JSONMemberScanner.forEachMember(u) { key, keyEscaped, value in
                guard problem == nil else { return }
                let (field, label) = lookUp(u, key, keyEscaped)
                guard let field else { return }
                if field == .time { timeLabel = label }
                if field.isRSS { rssLabel = label }
                switch value {
                case .number(let number):
                    problem = builder.set(field, label: label, number: number)
                case .string(let range, let escaped):
                    if escaped {
                        var decoded = JSONMemberScanner.text(u, range, escaped: true)
                        problem = decoded.withUTF8 { builder.set(field, label: label, text: $0, zone: context.zone) }
                    } else {
                        problem = builder.set(
                            field, label: label, text: UnsafeBufferPointer(rebasing: u[range]), zone: context.zone)
                    }
                case .null:
                    break
                case .bool, .object, .array:
                    problem = "\(label): expected a number or a string"
                }
            }
        }
        if empty { return }
        guard ok else {
            try sink.skip(line: line.number, reason: "expected one JSON object per line", text: line.text)
            return
        }
        if let problem {
            try sink.skip(line: line.number, reason: problem, text: line.text)
            return
        }
        switch builder.build(
            line: line.number, timeLabel: timeLabel, rssLabel: rssLabel, host: context.host, pid: context.pid)
        {
        case .success(let sample): try sink.emit(.rssSample(sample))
        case .failure(let failure): try sink.skip(line: line.number, reason: failure.reason, text: line.text)
        }
    }

    /// The field and message label of a key, matched by name the first time it is met.
    private mutating func lookUp(_ u: UnsafeBufferPointer<UInt8>, _ key: Range<Int>, _ escaped: Bool)
        -> (MemorySampleField?, String)
    {
        if escaped {
            let name = JSONMemberScanner.text(u, key, escaped: true)
            return (MemorySampleField.named(name), "key \(name)")
        }
        let bytes = UnsafeBufferPointer(rebasing: u[key])
        for entry in known where entry.key.elementsEqual(bytes) { return (entry.field, entry.label) }
        let name = ASCIIScan.string(u, key)
        let entry = (key: Array(bytes), field: MemorySampleField.named(name), label: "key \(name)")
        if known.count < 64 { known.append(entry) }
        return (entry.field, entry.label)
    }
}
