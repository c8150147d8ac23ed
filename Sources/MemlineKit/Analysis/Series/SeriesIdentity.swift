/// Tells when two memory series are one process seen by two sources.
///
/// A per-request RSS log knows the pid but not the host or command (an anonymous series); pidstat of the
/// same box knows all three. When exactly one named series has the anonymous one's pid, they are the same
/// process; with none or several, which process it is cannot be told and it stays on its own.
enum SeriesIdentity {
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
