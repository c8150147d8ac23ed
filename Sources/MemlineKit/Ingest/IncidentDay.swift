import Foundation

/// The day of the incident, for stamps that print no day (`top -b`) or an ambiguous one (`07/12/2026` is 7 December
/// or 12 July): the day most files of the ingest give in their first lines, each file counting its earliest, the
/// earliest day winning a tie.
public enum IncidentDay {
    /// Days since 1970-01-01 (UTC), or nil when no file's head gives a time.
    public static func infer(paths: [String], format: String? = nil) -> Int? {
        var votes: [Int: Int] = [:]
        for path in paths {
            guard let (head, parsed) = try? ArtifactProbe.headAndFormat(ofFile: path, wanted: format) else {
                continue
            }
            var parser = parsed.makeParser(ParseContext(sourceName: (path as NSString).lastPathComponent))
            let sink = RowCollector()
            for line in head { try? parser.parse(line, into: sink) }
            try? parser.finish(into: sink)
            if let earliest = sink.records.compactMap(\.firstTime).map(\.milliseconds).min() {
                votes[Int(earliest / 86_400_000), default: 0] += 1
            }
        }
        return votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }
}
