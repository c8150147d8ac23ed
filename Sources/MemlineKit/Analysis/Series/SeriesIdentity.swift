/// Tells when two memory series are one process seen by two sources.
///
/// A per-request RSS log knows the pid but not the host or command (an anonymous series); pidstat of the
/// same box knows all three. When exactly one named series has the anonymous one's pid, they are the same
/// process; with none or several, which process it is cannot be told and it stays on its own. An Erlang node's
/// `erlang:memory()` total and its `beam.smp` are one process too, measured two ways (the VM's count, the kernel's).
enum SeriesIdentity {
    /// Whether two series sample one OS process through two sources: an Erlang node's `erlang:memory()` total
    /// beside its `beam.smp` process, on the same host (or one source naming none).
    static func sameNode(_ a: MemorySeries, _ b: MemorySeries) -> Bool {
        guard a.host == b.host || a.host == nil || b.host == nil else { return false }
        func isTotal(_ s: MemorySeries) -> Bool { s.process == "erlang:total" }
        func isBeam(_ s: MemorySeries) -> Bool { s.process?.hasPrefix("beam") ?? false }
        return (isTotal(a) && isBeam(b)) || (isBeam(a) && isTotal(b))
    }

    /// For each anonymous series (no host, no process), the index of its one named partner.
    static func partners(of keys: [(host: String?, pid: Int?, process: String?)]) -> [Int: Int] {
        var named: [Int: [Int]] = [:]
        for (i, k) in keys.enumerated() where k.host != nil || k.process != nil {
            if let pid = k.pid { named[pid, default: []].append(i) }
        }
        var partners: [Int: Int] = [:]
        for (i, k) in keys.enumerated() where k.host == nil && k.process == nil {
            if let pid = k.pid, let candidates = named[pid], candidates.count == 1 { partners[i] = candidates[0] }
        }
        return partners
    }
}
