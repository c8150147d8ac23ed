import Foundation

/// Why an artifact could not be ingested. Each message names the file and says what to do.
public enum IngestError: LocalizedError, Equatable {
    case unreadable(path: String, reason: String)
    case corrupt(path: String, reason: String)
    case binary(path: String)
    /// A file read as `format` whose first lines hold binary bytes (NUL) from `line` on: damaged.
    case binaryInside(path: String, format: String, line: Int)
    case empty(path: String)
    case unknownFormat(path: String, firstLine: String)
    case unknownFormatName(String)
    case emptyFolder(path: String)
    case nothingRecognised(path: String, lines: Int, format: String, firstSkip: String? = nil)
    case strict(path: String, skipped: Int)
    /// A signal (SIGINT, SIGTERM) arrived while the file was read: its transaction was rolled back.
    case interrupted(path: String, signal: Int32)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .corrupt(let path, let reason):
            return "\(path): \(reason); nothing from this file was stored"
        case .binary(let path):
            return "\(path): looks like a binary file (NUL bytes near the start); memline reads text logs and dumps, "
                + "plain or .gz"
        case .binaryInside(let path, let format, let line):
            return "\(path):\(line): binary bytes (NUL) inside what reads as \(format); the file looks damaged. "
                + "Nothing from this file was stored; cut the damaged part or pass the intact copy"
        case .empty(let path):
            return "\(path): the file is empty; nothing to ingest"
        case .unknownFormat(let path, let firstLine):
            return "\(path):1: unknown format (first line: \"\(firstLine.prefix(120))\"); "
                + "see `memline formats` and pass --format NAME"
        case .unknownFormatName(let name):
            let names = FormatRegistry.names.joined(separator: ", ")
            return "unknown format '\(name)'; known formats: \(names), auto"
        case .emptyFolder(let path):
            return "\(path): the folder holds nothing to ingest (no files below it; hidden files are skipped)"
        case .nothingRecognised(let path, let lines, let format, let firstSkip):
            let first = firstSkip.map { " (first skipped \($0.prefix(200)))" } ?? ""
            return "\(path): \(lines) lines read as \(format) but not one row came out of them\(first); "
                + "wrong --format? Nothing was stored"
        case .strict(let path, let skipped):
            return "\(path): \(skipped) unreadable lines and --strict is on; nothing from this file was stored"
        case .interrupted(let path, let signal):
            return "\(path): interrupted (\(StopSignal.name(of: signal))); nothing from this file was stored"
        }
    }

    /// Why a file found walking a folder is left out instead of failing the run: it is empty, binary, of no
    /// format memline knows, or it only looked like one (a README quoting Erlang terms: not one of its lines is a
    /// row). Nil for errors that fail the run (a damaged file of a known format, unreadable input).
    public var notIngestedReason: String? {
        switch self {
        case .empty: return "empty"
        case .binary: return "binary"
        case .unknownFormat: return "unknown format"
        case .nothingRecognised(_, _, let format, _): return "looked like \(format), but no line of it is"
        default: return nil
        }
    }
}
