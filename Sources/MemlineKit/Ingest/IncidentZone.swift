import Foundation

/// The zone to read files whose times name none (pidstat, Ruby's `Logger`, classic syslog), taken from the files of
/// the same ingest that print their UTC offset.
///
/// pidstat prints the wall clock of the host it ran on; an access log beside it prints `05:39:36.788-03:00`. Read as
/// UTC, the samples sit three hours before the requests they measured, and the incident's period stretches over
/// hours it never had. When every file whose times do not depend on the zone prints one and the same offset (or UTC,
/// as many loggers do whatever the host's zone), the files whose times do are read at that offset, and the ingest
/// says so; `--tz` chooses the zone instead.
///
/// A file's times depend on the zone when its first lines, parsed once in UTC and once at another offset, give
/// different times: the parser's own reading decides, whatever the format.
public struct IncidentZone: Sendable, Equatable {
    /// The offset the zoned files print.
    public let zone: ZoneRule
    /// The files read at it: those whose times change with the zone.
    public let wallClockPaths: [String]
    /// The files that print it.
    public let printedBy: [String]

    /// The zone for the wall-clock files among `paths`, or nil when none is needed (no such file, or the zoned files
    /// print UTC) or none can be told (no file prints an offset, or the files print different ones besides UTC).
    /// - Parameter format: `--format`, when one is forced on every file.
    public static func infer(paths: [String], format: String? = nil, day: Int? = nil) -> IncidentZone? {
        var wallClock: [String] = []
        var offsets: [Int: [String]] = [:]
        for path in paths {
            guard let (head, parsed) = try? ArtifactProbe.headAndFormat(ofFile: path, wanted: format) else {
                continue
            }
            let name = (path as NSString).lastPathComponent
            if dependsOnZone(head, format: parsed, name: name, day: day) {
                wallClock.append(path)
            } else if let offset = printedOffset(head.map(\.text)) {
                offsets[offset, default: []].append(name)
            }
        }
        // Many loggers print UTC whatever the host's zone (lograge's `@timestamp`, JSON loggers): beside them, the
        // one other offset printed is the host's wall clock.
        let local = offsets.filter { $0.key != 0 }
        guard !wallClock.isEmpty, local.count == 1, let (offset, printers) = local.first else {
            return nil
        }
        return IncidentZone(zone: .fixed(seconds: offset), wallClockPaths: wallClock, printedBy: printers)
    }

    /// What the ingest says about it: `pidstat.txt: its times name no zone; read at -03:00, the offset access.log.gz
    /// prints (--tz chooses another)`.
    public var note: String {
        let files = wallClockPaths.map { ($0 as NSString).lastPathComponent }
        let shown = printedBy.prefix(3).joined(separator: ", ")
        let printers = printedBy.count > 3 ? shown + "…" : shown
        return "\(files.joined(separator: ", ")): \(files.count == 1 ? "its" : "their") times name no zone; read at "
            + "\(zone), the offset \(printers) print\(printedBy.count == 1 ? "s" : "") (--tz chooses another)"
    }

    /// Whether the head lines parse to different times in UTC and at +05:00.
    static func dependsOnZone(_ head: [Line], format: ArtifactFormat, name: String, day: Int? = nil) -> Bool {
        func times(_ zone: ZoneRule) -> [Int64] {
            var context = ParseContext(sourceName: name, zone: zone)
            context.day = day
            var parser = format.makeParser(context)
            let sink = RowCollector()
            for line in head { try? parser.parse(line, into: sink) }
            try? parser.finish(into: sink)
            return sink.records.compactMap(\.firstTime).map(\.milliseconds)
        }
        let utc = times(.utc)
        return !utc.isEmpty && utc != times(.fixed(seconds: 5 * 3600))
    }

    /// The one UTC offset, in seconds, that the lines print after their times (`05:39:36.788-03:00`,
    /// `[07/Dec/2026:05:39:36 -0300]`, `T05:39:36Z`, `05:39:36 UTC`); nil when they print none or several.
    static func printedOffset(_ lines: [String]) -> Int? {
        var found = Set<Int>()
        for line in lines {
            for match in line.matches(of: offsetPattern) {
                let text = String(match.output.1)
                found.insert(["Z", "UTC", "GMT"].contains(text) ? 0 : ZoneRule.parseOffset(text) ?? 0)
            }
        }
        return found.count == 1 ? found.first : nil
    }

    nonisolated(unsafe) private static let offsetPattern =
        #/\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})? ?(Z|UTC|GMT|[+-]\d{2}:?\d{2})(?![\w:])/#
}

extension ParsedRow {
    /// The first time the row carries, for telling whether a file's reading depends on the zone.
    var firstTime: Timestamp? {
        switch self {
        case .rssSample(let r): r.ts
        case .requestMemory(let r): r.ts
        case .request(let r): r.tsStart ?? r.tsEnd
        case .job(let r): r.tsStart ?? r.tsEnd
        case .event(let r): r.ts
        case .processSample(let r): r.ts
        case .metricSample(let r): r.ts
        case .procReading(let r, _): r.ts
        case .gcSample(let r): r.ts
        default: nil
        }
    }
}
