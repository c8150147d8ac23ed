/// The RSS values of one process (host, pid, process name) in time order, from one source table.
struct MemorySeries: Sendable {
    /// `rss_samples` or `request_memory`.
    var source: String
    var host: String?
    var pid: Int?
    var process: String?
    var samples: [MemorySample]

    /// Siblings share a role: the same process name, worker index normalised (`ProcessRole`), on the same host (a
    /// Heroku dyno's process type).
    var role: String {
        // A dyno's instance id (`heroku.APP.UUID`, new at each restart) is no part of its role.
        let instance = hasInstanceIdentity ? process.map { String($0[..<($0.lastIndex(of: ".") ?? $0.endIndex)]) } : nil
        let name =
            instance ?? process.map(ProcessRole.normalized) ?? (source == "request_memory" ? "request log" : "unnamed")
        return "\((host.map(ProcessRole.normalizedHost)) ?? "-")/\(name)"
    }

    /// Whether its name is an Erlang node's own memory: `erlang:memory()` totals or a `beam` process.
    var namesErlangNode: Bool { process == "erlang:total" || process?.hasPrefix("beam") == true }

    /// `web.1 pid 1234 on vm` and the like, for sentences.
    var label: String {
        // A Heroku dyno is known by its name; its instance (new at each restart) by the id's first characters.
        if hasInstanceIdentity, let host, let id = process?.split(separator: ".").last {
            return "\(host) dyno \(id.prefix(8))"
        }
        var parts: [String] = [process.map(ProcessRole.shown) ?? (source == "request_memory" ? "worker" : "process")]
        if let pid { parts.append("pid \(pid)") }
        if let host { parts.append("on \(host)") }
        return parts.joined(separator: " ")
    }

    /// Whether the process name identifies one instance that a restart replaces (Heroku runtime metrics carry
    /// `dyno=heroku.<app>.<uuid>`), so the series never spans a restart.
    var hasInstanceIdentity: Bool {
        guard let process, process.hasPrefix("heroku.") else { return false }
        return process.split(separator: ".").last.map { $0.count >= 32 && $0.contains("-") } ?? false
    }
}
