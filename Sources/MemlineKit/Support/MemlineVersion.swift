/// The version `memline --version` prints; raise it with each release (semantic versioning).
public enum MemlineVersion {
    /// The released version of memline and MemlineKit.
    public static let current = "0.9.0"
}
