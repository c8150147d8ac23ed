extension ArtifactFormat {
    /// Unicorn and Puma master logs (Ruby Logger form) and Gunicorn's error log: worker spawn, exit, crash, timeout
    /// and memory-kill events.
    public static let appServer = ArtifactFormat(
        name: "app-server",
        summary: "Unicorn/Puma master logs (Ruby Logger form, or Puma's plain stdout: dated by its startup line or "
            + "--at) and Gunicorn's error log: workers spawned, reaped or exiting (exit or signal), timed out, killed "
            + "by a worker killer or a SIGKILL, and Ruby [BUG] crash reports, as events with the pid and worker slot",
        example: "E, [2026-12-06T09:10:15.743829 #24344] ERROR -- : reaped #<Process::Status: pid 24574 SIGABRT "
            + "(signal 6)> worker=1",
        detect: detectAppServer,
        makeParser: { AppServerLogParser(context: $0) }
    )

    /// Claims a head with a master's own lines about its workers, or Puma's banner (plain stdout: `[4456] Puma starting
    /// in cluster mode...`, `Use Ctrl-C to stop`); a worker killer's line alone is not enough (it also appears in
    /// Rails logs).
    @Sendable static func detectAppServer(head: [String]) -> Int {
        let signatures = [
            "reaped #<Process::Status: pid ", " spawned pid=", "spawned worker=", "master process ready",
            ") booted", "Terminating timed out worker", "=== puma startup: ", "=== puma shutdown: ",
            "Puma starting in ", "* Listening on ", "Use Ctrl-C to stop",
            "] Booting worker with pid: ", "] Starting gunicorn ", "] Worker exiting (pid: ",
        ]
        let hits = head.filter { line in signatures.contains { line.contains($0) } }.count
        let puma = head.contains { $0.contains("Puma starting in ") || $0.contains("=== puma ") }
        return hits >= 2 ? (puma ? 50 : 45) : 0
    }
}
