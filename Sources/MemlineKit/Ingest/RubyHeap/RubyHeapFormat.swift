extension ArtifactFormat {
    /// Ruby `ObjectSpace.dump_all` / `ObjectSpace.dump` heap dumps (JSON lines, Ruby 2.1–3.4).
    public static let rubyHeap = ArtifactFormat(
        name: "ruby-heap",
        summary: "Ruby heap dump from ObjectSpace.dump_all (JSON lines): objects, references, roots",
        example: #"{"address":"0x7f9cff6dc150", "type":"STRING", "class":"0x7f9cff7340d0", "bytesize":1, "#
            + #""value":"w", "file":"test.rb", "line":20, "generation":7, "memsize":40, "#
            + #""flags":{"wb_protected":true}}"#,
        detect: { head in
            var score = 0
            for line in head {
                let text = line.drop { $0 == " " }
                if text.isEmpty { continue }
                if text.hasPrefix(#"{"address":"0x"#) || text.hasPrefix(#"{"type":"ROOT""#) {
                    score = 60
                    break
                }
                if text.hasPrefix("{"), text.contains(#""address":"0x"#), text.contains(#""type":""#) { score = 40 }
            }
            return score
        },
        makeParser: { RubyHeapParser(context: $0) }
    )
}
