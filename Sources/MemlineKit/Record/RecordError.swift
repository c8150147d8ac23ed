import Foundation

/// Why a recording could not start.
public enum RecordError: LocalizedError, Equatable {
    case noSuchProcess([Int])
    case noCgroup(String)
    /// The `--match` text is not a regular expression: the text and the compiler's reason.
    case invalidPattern(String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .noSuchProcess(let pids):
            "no process with pid \(pids.map(String.init).joined(separator: ", ")) (or it has no memory to "
                + "record: a kernel thread or zombie); check with `ps -p`"
        case .noCgroup(let path):
            "'\(path)' is not a memory cgroup: it has neither memory.current (v2) nor memory.usage_in_bytes (v1); "
                + "give the cgroup's directory, e.g. /sys/fs/cgroup/system.slice/app.service"
        case .invalidPattern(let text, let reason):
            "--match '\(text)' is not a regular expression (\(reason)); escape special characters with a "
                + "backslash, e.g. 'worker\\[1\\]' for the text 'worker[1]', "
                + "or write e.g. 'puma: cluster worker [0-9]+'"
        }
    }
}
