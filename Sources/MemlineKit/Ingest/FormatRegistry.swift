/// Every format memline reads, in the order `memline formats` lists them.
public enum FormatRegistry {
    public static let all: [ArtifactFormat] = [
        .requestRSS,
        .rails,
        .pidstat,
        .memoryCSV,
        .memoryJSONLines,
        .sidekiq,
        .rubyHeap,
        .rubyGCStat,
        .heroku,
        .papertrail,
        .kernelOOM,
        .kubernetes,
        .jemallocHeap,
        .gperftoolsHeap,
        .tracemalloc,
        .erlangProcesses,
        .prometheusText,
        .prometheusJSON,
        .erlangProcessJSON,
        .ps,
        .procStatus,
        .smapsRollup,
        .accessLog,
        .lograge,
        .onCallNotes,
        .capistranoRevisions,
        .changeLog,
        .syslogEvents,
        .appServer,
        .passenger,
        .erlangLogger,
        .logfmtMemory,
        .nodeJSON,
        .appLog,
    ]

    /// Formats of framed binary records, sniffed before lines are read.
    public static let binary: [BinaryFormat] = [.prometheusProtobuf]

    /// Every format name `--format` takes, line formats first.
    public static var names: [String] { all.map(\.name) + binary.map(\.name) }

    public static func binaryNamed(_ name: String) -> BinaryFormat? {
        binary.first { $0.name == name.lowercased() }
    }

    public static func named(_ name: String) -> ArtifactFormat? {
        all.first { $0.name == name.lowercased() }
    }

    /// The best-scoring format for the first lines of a file, or nil when none claims them.
    public static func detect(head: [String]) -> ArtifactFormat? {
        var best: (format: ArtifactFormat, score: Int)?
        for format in all {
            let score = format.detect(head)
            if score > 0, score > (best?.score ?? 0) { best = (format, score) }
        }
        return best?.format
    }
}
