import Foundation

/// Turns the paths given to `ingest` into the files to read.
public enum ArtifactPaths {
    /// A file as is, a directory as every regular file below it (in natural order: `dump.2` before `dump.10`;
    /// hidden files skipped),
    /// `-` as standard input.
    /// - Throws: `IngestError.unreadable` when the path does not exist.
    public static func expand(_ path: String) throws -> [String] {
        try targets(path).filter { $0.leftOut == nil }.map(\.path)
    }

    /// Like `expand`, telling the files the user named from those a folder walk found.
    ///
    /// Symbolic links found walking that loop (onto themselves, or back to a folder being walked) or lead nowhere
    /// are targets with a `leftOut` reason, listed on the run's closing line.
    /// - Throws: `IngestError.unreadable` when the path does not exist or is a symbolic link loop;
    ///   `IngestError.emptyFolder` when a folder holds nothing to ingest.
    public static func targets(_ path: String) throws -> [IngestTarget] {
        if path == "-" { return [IngestTarget(path: "-", named: true)] }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError.unreadable(path: path, reason: linkProblem(path) ?? "no such file or directory")
        }
        guard isDirectory.boolValue else { return [IngestTarget(path: path, named: true)] }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw IngestError.unreadable(path: path, reason: "cannot list the directory")
        }
        let root = resolved(path) ?? path
        var files: [IngestTarget] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            let full = (path as NSString).appendingPathComponent(relative)
            if isSymbolicLink(full), let problem = linkProblem(full, root: root) {
                files.append(IngestTarget(path: full, named: false, leftOut: problem))
                continue
            }
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue {
                files.append(IngestTarget(path: full, named: false))
            }
        }
        guard !files.isEmpty else { throw IngestError.emptyFolder(path: path) }
        return files.sorted { NaturalOrder.precedes($0.path, $1.path) }
    }

    private static func isSymbolicLink(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }

    /// The path with every link resolved, or nil when it cannot be (`errno` says why).
    private static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Why a symbolic link cannot be read: a loop (ELOOP, or a folder that contains the link), or a missing target.
    static func linkProblem(_ path: String, root: String? = nil) -> String? {
        guard isSymbolicLink(path) else { return nil }
        guard let target = resolved(path) else {
            return errno == ELOOP ? "symbolic link loop" : "broken symbolic link"
        }
        if let root, root == target || root.hasPrefix(target + "/") {
            return "symbolic link loop: leads back to \(target)"
        }
        return nil
    }
}
