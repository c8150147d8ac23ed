extension ArtifactFormat {
    /// Unicorn and Puma master logs (Ruby Logger form): worker spawn, exit, crash, timeout and memory-kill events.
    public static let appServer = ArtifactFormat(
        name: "app-server",
        summary: "Unicorn/Puma master logs (Ruby Logger form): workers spawned, reaped (exit or signal), timed out, "
            + "killed by a worker killer, and Ruby [BUG] crash reports, as events with the pid and worker slot",
        example: "E, [2026-12-06T09:10:15.743829 #24344] ERROR -- : reaped #<Process::Status: pid 24574 SIGABRT "
            + "(signal 6)> worker=1",
        detect: detectAppServer,
        makeParser: { AppServerLogParser(context: $0) }
    )

    /// Claims a head with a master's own lines about its workers; a worker killer's line alone is not enough
    /// (it also appears in Rails logs).
    @Sendable static func detectAppServer(head: [String]) -> Int {
        let signatures = [
            "reaped #<Process::Status: pid ", " spawned pid=", "spawned worker=", "master process ready",
            ") booted", "Terminating timed out worker", "=== puma startup: ",
        ]
        let hits = head.filter { line in signatures.contains { line.contains($0) } }.count
        return hits >= 2 ? 45 : 0
    }
}
