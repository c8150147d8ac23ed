extension ArtifactFormat {
    /// Erlang/Elixir `logger` output: supervisor reports, crashes and deploy/config lines as events.
    public static let erlangLogger = ArtifactFormat(
        name: "erlang-logger",
        summary: "Erlang/Elixir logger output (OTP 21+ default formatter, single or multi-line, or the default file "
            + "handler's legacy `=SUPERVISOR REPORT====` headers; Elixir console Logger): supervisor reports as crash/restart events, deploy/release/rollback/config-change lines as "
            + "events, other messages counted (stored with --messages)",
        example: "2026-12-06T09:11:11.957138+00:00 [error] <0.84.0> Supervisor: {local,app_sup}. Context: "
            + "child_terminated. Reason: killed. Offender: id=cache_worker,pid=<0.85.0>.",
        detect: detectErlangLogger,
        makeParser: { ErlangLoggerParser(context: $0) }
    )

    /// Claims a head with at least two logger entry headers, or one with an Erlang pid or supervisor report.
    @Sendable static func detectErlangLogger(head: [String]) -> Int {
        var entries = 0
        var erlang = false
        for line in head {
            guard let header = LoggerEntryHeader(line, zone: .utc) else {
                if line.contains("supervisor: {") || line.contains("#PID<") { erlang = true }
                continue
            }
            entries += 1
            if header.pid != nil || header.message.contains("Supervisor: {") { erlang = true }
        }
        guard entries >= 1 else { return 0 }
        if erlang { return 45 }
        return entries >= 2 ? 30 : 0
    }
}
