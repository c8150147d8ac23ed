/// A file `ingest` reads, and whether the user named it or a folder walk found it.
///
/// A walked file memline does not recognise is listed as not ingested; a named one is an error.
public struct IngestTarget: Sendable, Equatable {
    public var path: String
    /// True when the user named this file (or `-`); false when it was found walking a folder.
    public var named: Bool
    /// Why a walked entry is not read at all (a symbolic link loop, a broken link); nil for a file to read.
    public var leftOut: String?

    /// The path as closing lines show it: `stdin` for `-`.
    public var shownName: String { path == "-" ? "stdin" : path }

    public init(path: String, named: Bool, leftOut: String? = nil) {
        self.path = path
        self.named = named
        self.leftOut = leftOut
    }
}
