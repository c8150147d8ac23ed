/// What one hash of a `GC.stat` line held: its numeric keys, the time, pid and host it names, and where an
/// enveloped `GC.stat` (`"gc_stat"`, `"gc"` or `"stat"` holding a hash) starts.
struct GCStatHash {
    var entries: [GCSample.Entry] = []
    var ts: Timestamp?
    var pid: Int?
    var host: String?
    /// Whether the hash's closing brace was read: false for a line cut inside it.
    var closed = false
    /// The index of the brace of a nested `gc_stat`/`gc`/`stat` hash.
    var envelope: Int?
}
