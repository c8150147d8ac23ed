/// Names memory series for people, joining a process measured by two sources into one name.
///
/// A per-request RSS log knows the pid but not the host or command, while pidstat of the same box knows
/// all three: when exactly one named series has that pid, the anonymous one is the same process.
struct SeriesNames {
    private var byPID: [Int: [ProcessMemory]] = [:]

    init(_ processes: [ProcessMemory]) {
        for p in processes where p.host != nil || p.process != nil {
            if let pid = p.pid { byPID[pid, default: []].append(p) }
        }
    }

    func label(host: String?, pid: Int?, process: String?) -> String {
        if host == nil, process == nil, let pid, let named = byPID[pid], named.count == 1 {
            return named[0].label
        }
        return ProcessMemory.label(host: host, pid: pid, process: process)
    }
}
