/// Names memory series for people: a process measured by two sources gets one name (`SeriesIdentity`).
struct SeriesNames {
    private var partnerLabels: [Int: String] = [:]  // anonymous pid → its named partner's label

    init(_ processes: [ProcessMemory]) {
        for (anonymous, named) in SeriesIdentity.partners(of: processes.map { ($0.host, $0.pid, $0.process) }) {
            if let pid = processes[anonymous].pid { partnerLabels[pid] = processes[named].label }
        }
    }

    func label(host: String?, pid: Int?, process: String?) -> String {
        if host == nil, process == nil, let pid, let named = partnerLabels[pid] { return named }
        return ProcessMemory.label(host: host, pid: pid, process: process)
    }
}
