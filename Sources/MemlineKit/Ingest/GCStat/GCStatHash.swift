/// What one hash of a `GC.stat` line held: its numeric keys, the time, pid and host it names, and where the hashes
/// nested in it start (an enveloped `GC.stat` is one of them).
struct GCStatHash {
    var entries: [GCSample.Entry] = []
    var ts: Timestamp?
    var pid: Int?
    var host: String?
    /// Whether the hash's closing brace was read: false for a line cut inside it.
    var closed = false
    /// The indices of the braces of the hashes nested in this one, those under the usual envelope keys
    /// (`gc_stat`, `gc`, `stat`) first.
    var nested: [Int] = []

    /// Whether the keys are GC.stat's: `count` and one of the heap's counters.
    var isGCStat: Bool {
        let keys = Set(entries.map(\.key))
        return keys.contains("count")
            && !keys.isDisjoint(with: ["heap_live_slots", "minor_gc_count", "heap_allocated_pages", "heap_used"])
    }
}
