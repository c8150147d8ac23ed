import Foundation

/// Why a profile command could not run. Messages say what to do.
public enum ProfileError: LocalizedError, Equatable {
    case noProfiles
    case unknownProfile(String, known: [String])
    case ambiguousLabel(String, ids: [Int64])
    case noSymbolizer
    case unreadableBinary(String)
    case toolFailed(tool: String, file: String, status: Int32, message: String)
    case binaryMatchesNoProfile(String, programs: [String])
    case severalProcesses([Int])
    case noProfilesOfProcess(Int, known: [Int])
    case tooFewProfiles(pid: Int?, count: Int)

    public var errorDescription: String? {
        switch self {
        case .noProfiles:
            return "the database holds no heap profiles; ingest jemalloc or gperftools profiles first "
                + "(`memline ingest jeprof.*.heap`)"
        case .unknownProfile(let name, let known):
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "no heap profile labelled or numbered '\(name)'; known: \(list) (see `memline profile list`)"
        case .ambiguousLabel(let label, let ids):
            return "the label '\(label)' names several profiles (ids \(ids.map(String.init).joined(separator: ", "))); "
                + "pass an id instead"
        case .noSymbolizer:
            return "neither addr2line nor llvm-symbolizer is on PATH; install binutils (apt-get install binutils) "
                + "or llvm, or read the frames as module+offset"
        case .unreadableBinary(let path):
            return "\(path): cannot read the binary given with --binary; give the executable that wrote the profile"
        case .binaryMatchesNoProfile(let binary, let programs):
            let list = programs.isEmpty ? "none mapped" : programs.joined(separator: ", ")
            return "--binary \(binary) has the file name of no profile's program (\(list)); name the profiles to "
                + "symbolize with it: memline profile symbolize --binary \(binary) LABEL…"
        case .toolFailed(let tool, let file, let status, let message):
            return "\(tool) failed on \(file) (exit \(status)): \(message.prefix(300))"
        case .severalProcesses(let pids):
            return "the profiles come from several processes (pids \(pids.map(String.init).joined(separator: ", "))); "
                + "pick one with --pid"
        case .noProfilesOfProcess(let pid, let known):
            let list = known.isEmpty ? "none named in the file names" : known.map(String.init).joined(separator: ", ")
            return "no heap profile of pid \(pid); pids with profiles: \(list) (see `memline profile list`)"
        case .tooFewProfiles(let pid, let count):
            let whose = pid.map { "pid \($0) has" } ?? "the database holds"
            return "\(whose) \(count) heap profile\(count == 1 ? "" : "s"); a trend needs two or more dumps of one "
                + "process (ingest the whole series: memline ingest jeprof.<pid>.*.heap)"
        }
    }

    /// True when the arguments named something wrong (exit 64); false when the database lacks the data or a tool
    /// failed (exit 1).
    public var isUsageError: Bool {
        switch self {
        case .noProfiles, .noSymbolizer, .toolFailed, .tooFewProfiles: false
        case .unknownProfile, .ambiguousLabel, .unreadableBinary, .binaryMatchesNoProfile, .severalProcesses,
            .noProfilesOfProcess:
            true
        }
    }
}
