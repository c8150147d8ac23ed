/// What `memline profile symbolize` did.
public struct SymbolizeSummary: Sendable, Equatable {
    /// Profiles whose frames were looked at.
    public var profiles = 0
    /// Distinct (file, offset) pairs the profiles need.
    public var lookups = 0
    /// Of those, found in `profile_symbols` from an earlier run.
    public var cached = 0
    /// Of those, named by the tool (or nm) this time.
    public var resolved = 0
    /// Frames of `profile_frames` given a function name.
    public var framesNamed = 0
    public var frames = 0
    /// Files read, and mapped files that could not be read (frames there keep module+offset names).
    public var files: [String] = []
    public var missingFiles: [String] = []
    public var tool = ""
}
