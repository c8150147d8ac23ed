/// A logfmt key that names a process's memory (`rss_kb`, `rss`, `mem_used`, `memory_mb`…), and the unit its key
/// gives, if any.
///
/// The base name, after an optional unit suffix, is one of `rss`, `vmrss`, `resident`, `mem`, `memory`, `mem_used`,
/// `used_mem`, `memory_used`, `used_memory`, `mem_rss`. Units: `_kb`/`_kib` (KiB), `_b`/`_bytes`, `_mb`/`_mib`,
/// `_gb`/`_gib`, all powers of 1024 as `ps` and `/proc` mean them.
struct LogfmtMemoryKey: Equatable {
    /// KiB per unit named by the key; nil when the key names none (the value may, else `MemoryUnit.unitless`).
    var kibPerUnit: Double?

    static let bases: Set<String> = [
        "rss", "vmrss", "resident", "mem", "memory", "mem_used", "used_mem", "memory_used", "used_memory", "mem_rss",
    ]

    init?(_ raw: some StringProtocol) {
        let key = raw.lowercased()
        for (suffix, kib) in MemoryUnit.keySuffixes where key.hasSuffix(suffix) {
            guard Self.bases.contains(String(key.dropLast(suffix.count))) else { continue }
            kibPerUnit = kib
            return
        }
        guard Self.bases.contains(key) else { return nil }
        kibPerUnit = nil
    }
}
