/// The memory sample an app logs as a JSON object after its words (`memstats {"worker":"app-1","pid":20778,
/// "rss_kb":58216,…}`): the keys of memory JSON lines (`MemorySampleField`: `rss_kb`, `rss_bytes`, `pid`,
/// `process`…), top level only, at the line's time unless the object gives its own.
enum EmbeddedMemoryStats {
    /// The sample, nil when the message holds no object ending it or the object names no RSS.
    static func sample(in message: String, at ts: Timestamp, line: Int, context: ParseContext) -> RSSSample? {
        guard message.hasSuffix("}"), let open = message.firstIndex(of: "{") else { return nil }
        var object = String(message[open...])
        var builder = MemorySampleBuilder()
        _ = builder.set(.time, label: "line time", number: Double(ts.milliseconds) / 1000)
        var hasRSS = false
        let ok = object.withUTF8 { u in
            JSONMemberScanner.forEachMember(u) { key, keyEscaped, value in
                let name = JSONMemberScanner.text(u, key, escaped: keyEscaped)
                guard let field = MemorySampleField.named(name) else { return }
                if field.isRSS { hasRSS = true }
                switch value {
                case .number(let number):
                    _ = builder.set(field, label: name, number: number)
                case .string(let range, let escaped):
                    var text = JSONMemberScanner.text(u, range, escaped: escaped)
                    _ = text.withUTF8 { builder.set(field, label: name, text: $0, zone: context.zone) }
                default:
                    break
                }
            }
        }
        guard ok, hasRSS else { return nil }
        return try? builder.build(
            line: line, timeLabel: "line time", rssLabel: "rss", host: context.host, pid: context.pid
        ).get()
    }
}
