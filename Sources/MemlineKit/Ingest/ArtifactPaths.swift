import Foundation

/// Turns the paths given to `ingest` into the files to read.
public enum ArtifactPaths {
    /// A file as is, a directory as every regular file below it (sorted, hidden files skipped),
    /// `-` as standard input.
    /// - Throws: `IngestError.unreadable` when the path does not exist.
    public static func expand(_ path: String) throws -> [String] {
        try targets(path).map(\.path)
    }

    /// Like `expand`, telling the files the user named from those a folder walk found.
    /// - Throws: `IngestError.unreadable` when the path does not exist.
    public static func targets(_ path: String) throws -> [IngestTarget] {
        if path == "-" { return [IngestTarget(path: "-", named: true)] }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError.unreadable(path: path, reason: "no such file or directory")
        }
        guard isDirectory.boolValue else { return [IngestTarget(path: path, named: true)] }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw IngestError.unreadable(path: path, reason: "cannot list the directory")
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            let full = (path as NSString).appendingPathComponent(relative)
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue { files.append(full) }
        }
        return files.sorted().map { IngestTarget(path: $0, named: false) }
    }
}
