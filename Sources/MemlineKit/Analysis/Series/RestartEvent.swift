/// A deploy, restart, rollback, crash or OOM kill: a place where a process may have started afresh.
struct RestartEvent: Sendable, Equatable {
    var ms: Int64
    var host: String?
    var pid: Int?
    var process: String?
    var kind: String
    var file: String
    var line: Int

    /// Whether a change's line says it was made inside the running process: an OTP release installed by relup or a
    /// hot code upgrade, or any change that says "no restart". The process's memory runs on across it, so its
    /// series is not cut there (the change is still a suspect).
    static func keepsTheProcess(_ message: String) -> Bool {
        let text = message.lowercased()
        return ["relup", "hot code", "hot upgrade", "hot-upgrade", "no restart"].contains { text.contains($0) }
    }

    /// Whether this event concerns `series`: same host when both name one, and the same process or pid when
    /// the event names one.
    func concerns(_ series: MemorySeries) -> Bool {
        if let host, let other = series.host, host != other { return false }
        if let pid { return pid == series.pid }
        if let process { return process == series.process }
        return true
    }
}
