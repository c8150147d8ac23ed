extension ArtifactFormat {
    /// A generic CSV of memory samples, for anything memline has no parser of its own for.
    public static let memoryCSV = ArtifactFormat(
        name: "memory-csv",
        summary: "generic memory samples CSV: header with ts (or time/timestamp) and rss_kb (or rss_bytes/rss_mb), "
            + "optional pid, process, host, vsz_kb, limit_kb",
        example: "ts,pid,process,host,rss_kb,vsz_kb",
        detect: detectMemoryCSV,
        makeParser: { MemoryCSVParser(context: $0) }
    )

    /// JSON lines of memory samples, with the keys of the CSV columns.
    public static let memoryJSONLines = ArtifactFormat(
        name: "memory-jsonl",
        summary: "generic memory samples as JSON lines: {\"ts\":…,\"rss_kb\":…} plus optional pid, process, host, "
            + "vsz_kb, limit_kb",
        example: #"{"ts":1795314185.711,"pid":19811,"process":"python3","rss_bytes":9433088,"vsz_kb":14980}"#,
        detect: detectMemoryJSONLines,
        makeParser: { MemoryJSONLinesParser(context: $0) }
    )

    /// Claims a head whose first line (after blank and `#` lines) is a CSV header naming a time and an RSS column.
    ///
    /// Other CSVs (Papertrail archives, metrics exports) name neither, so they are left to their own formats.
    @Sendable static func detectMemoryCSV(head: [String]) -> Int {
        guard let first = head.first(where: { !$0.trimmingSpacesIsEmpty && !$0.hasPrefix("#") }),
            !first.hasPrefix("{")
        else { return 0 }
        for delimiter in [",", ";", "\t"] {
            let names = first.split(separator: Character(delimiter), omittingEmptySubsequences: false).map {
                MemorySampleField.named($0.replacingQuotes)
            }
            if names.contains(.time), names.contains(where: { $0?.isRSS ?? false }) { return 60 }
        }
        return 0
    }

    /// Claims a head whose first object line has a time key and an RSS key.
    @Sendable static func detectMemoryJSONLines(head: [String]) -> Int {
        guard let first = head.first(where: { !$0.trimmingSpacesIsEmpty }), first.hasPrefix("{"),
            let object = FlatJSONObject.parse(first)
        else { return 0 }
        let fields = object.members.map { MemorySampleField.named($0.key) }
        return fields.contains(.time) && fields.contains(where: { $0?.isRSS ?? false }) ? 60 : 0
    }
}

extension StringProtocol {
    fileprivate var trimmingSpacesIsEmpty: Bool { allSatisfy { $0 == " " || $0 == "\t" } }
    fileprivate var replacingQuotes: String { String(filter { $0 != "\"" }) }
}
