import Foundation
import Testing

/// Makes a folder read-only for the user running the tests, as a read-only medium is for everyone.
///
/// `chmod 555` does not stop root, and tests may run as root (containers, CI): then the folder is made immutable
/// with `chattr +i`, which stops root on the Linux file systems that support it (ext4, xfs, btrfs).
/// Either way the folder counts as read-only only once `access(2)` says it cannot be written.
enum ReadOnlyFolder {
    /// True when a folder can be made read-only here; tests that need one are disabled otherwise.
    static let isAvailable: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("memline-ro-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)) != nil else {
            return false
        }
        defer {
            unlock(probe.path)
            try? FileManager.default.removeItem(at: probe)
        }
        return lock(probe.path)
    }()

    /// Why tests that need a read-only folder did not run.
    static let unavailableReason: Comment =
        "cannot make a folder read-only for this user (root, and `chattr +i` is missing or unsupported here)"

    /// Makes `path` read-only; true when it can no longer be written.
    @discardableResult
    static func lock(_ path: String) -> Bool {
        if geteuid() == 0 {
            run("chattr", "+i", path)
        } else {
            chmod(path, 0o555)
        }
        return access(path, W_OK) != 0
    }

    /// Makes `path` writable again (before it is removed).
    static func unlock(_ path: String) {
        if geteuid() == 0 {
            run("chattr", "-i", path)
        } else {
            chmod(path, 0o755)
        }
    }

    private static func run(_ arguments: String...) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return }
        process.waitUntilExit()
    }
}
