import Foundation

/// The one process an ingest's files are about, for a capture that names none (`smaps_rollup` saved in a loop as
/// `smaps_rollup.log`, a loop printing `$(date +%s) $(ps -o rss= -p 5929)`).
///
/// A single puma or unicorn worker's log prints its pid on every line, its GC lines and heap dumps carry it too; the
/// on-call's `cat /proc/612/smaps_rollup` loop prints only memory. When the first lines of the other files name one
/// pid and one only, the capture is that process's, and its samples sit beside its requests; when they name several
/// (a cluster) or none, the capture stays unnamed.
public struct IncidentProcess: Sendable, Equatable {
    public let pid: Int
    /// The captures that name no process, read as `pid`'s.
    public let unnamedPaths: [String]
    /// The files that name it.
    public let namedBy: [String]

    /// The process for the unnamed captures among `paths`, or nil when there is no such capture or the other files'
    /// first lines name no pid or more than one.
    public static func infer(paths: [String], format: String? = nil) -> IncidentProcess? {
        var pids = Set<Int>()
        var unnamed: [String] = []
        var namedBy: [String] = []
        for path in paths {
            guard let rows = ArtifactProbe.headRows(ofFile: path, wanted: format) else { continue }
            if Self.isUnnamedCapture(rows) {
                unnamed.append(path)
                continue
            }
            let named = Set(rows.compactMap(\.pid))
            if !named.isEmpty { namedBy.append((path as NSString).lastPathComponent) }
            pids.formUnion(named)
        }
        guard !unnamed.isEmpty, pids.count == 1, let pid = pids.first else { return nil }
        return IncidentProcess(pid: pid, unnamedPaths: unnamed, namedBy: namedBy)
    }

    /// Whether a file's first rows are memory samples that name no process: no pid, no command.
    static func isUnnamedCapture(_ records: [ParsedRow]) -> Bool {
        var samples = 0
        for record in records {
            switch record {
            case .rssSample(let r):
                guard r.pid == nil, r.process?.isEmpty ?? true else { return false }
            case .procReading(let r, _):
                guard r.pid == nil, r.process.isEmpty else { return false }
            default:
                return false
            }
            samples += 1
        }
        return samples > 0
    }

    /// What the ingest says about it: `smaps_rollup.log: names no process; read as pid 612, the one gc.log,
    /// production.log.gz name`.
    public var note: String {
        let files = unnamedPaths.map { ($0 as NSString).lastPathComponent }
        let shown = namedBy.prefix(3).joined(separator: ", ")
        let namers = namedBy.count > 3 ? shown + "…" : shown
        return "\(files.joined(separator: ", ")): name\(files.count == 1 ? "s" : "") no process; read as pid \(pid), "
            + "the one \(namers) name\(namedBy.count == 1 ? "s" : "") (a pid in the file name chooses another)"
    }
}

extension ParsedRow {
    /// The operating-system process the row names, when it names one.
    var pid: Int? {
        switch self {
        case .rssSample(let r): r.pid
        case .requestMemory(let r): r.pid
        case .request(let r): r.pid
        case .job(let r): r.pid
        case .gcSample(let r): r.pid
        case .heapSnapshot(let r): r.pid
        case .procReading(let r, _): r.pid
        case .heapProfile(let r): r.pid
        default: nil
        }
    }
}
