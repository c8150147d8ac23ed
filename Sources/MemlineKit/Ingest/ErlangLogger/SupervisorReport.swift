/// A supervisor's report in an Erlang/Elixir log entry: a child terminated (or failed to start), or started.
///
/// Read in the three ways the runtimes print it:
/// - OTP 21+ `logger_formatter`, single line: `Supervisor: {local,app_sup}. Context: child_terminated. Reason: killed.
///   Offender: id=cache_worker,pid=<0.85.0>.` and `Supervisor: {local,app_sup}. Started: id=cache_worker,pid=<0.86.0>.`
/// - the same, multi-line (`single_line => false`): `supervisor: {local,app_sup}` / `errorContext: child_terminated` /
///   `reason: killed` / `offender: [{pid,<0.85.0>},{id,cache_worker},…]`, and `started: [{pid,…},{id,…},…]`;
/// - Elixir's Logger: `Child CacheWorker of Supervisor :app_sup terminated` / `** (exit) killed` /
///   `Pid: #PID<0.118.0>`, and `Child CacheWorker of Supervisor :app_sup started`.
struct SupervisorReport: Equatable {
    enum Kind: Equatable {
        /// `child_terminated`, `start_error`, `shutdown_error`, `reached_max_restart_intensity`…
        case failed(context: String)
        case started
    }

    var kind: Kind
    /// The supervisor's registered name (`app_sup`), or its pid when it has none.
    var supervisor: String
    /// The child's id (`cache_worker`, `CacheWorker`).
    var child: String?
    /// The child's pid as printed (`<0.85.0>`).
    var childPid: String?
    var reason: String?

    /// Reads the report in `text` (the entry's lines joined with `\n`); nil when it holds none.
    init?(_ text: String) {
        if let match = text.firstMatch(of: #/Supervisor: (\{[^}]*\}|\S+?)\. /#) {
            supervisor = Self.name(String(match.1))
            if let started = text.firstMatch(of: #/Started: id=([^,]+),pid=(<[0-9.]+>)/#) {
                kind = .started
                child = String(started.1)
                childPid = String(started.2)
                return
            }
            guard let context = text.firstMatch(of: #/Context: ([a-z_]+)\./#) else { return nil }
            kind = .failed(context: String(context.1))
            reason = text.firstMatch(of: #/Reason: (.*?)\. Offender: /#).map { String($0.1) }
            child = text.firstMatch(of: #/Offender: id=([^,]+),/#).map { String($0.1) }
            childPid = text.firstMatch(of: #/Offender: id=[^,]+,pid=(<[0-9.]+>|undefined)/#).map { String($0.1) }
            return
        }
        if let match = text.firstMatch(of: #/(?m)^\s*supervisor: (.+)$/#) {
            supervisor = Self.name(String(match.1))
            child = text.firstMatch(of: #/\{id,([^}]+)\}/#).map { String($0.1) }
            childPid = text.firstMatch(of: #/\{pid,(<[0-9.]+>|undefined)\}/#).map { String($0.1) }
            if text.firstMatch(of: #/(?m)^\s*started: /#) != nil {
                kind = .started
                return
            }
            guard let context = text.firstMatch(of: #/(?m)^\s*errorContext: (\S+)/#) else { return nil }
            kind = .failed(context: String(context.1))
            reason = text.firstMatch(of: #/(?m)^\s*reason: (.+)$/#).map { String($0.1) }
            return
        }
        if let match = text.firstMatch(of: #/^Child (\S+) of Supervisor (\S+) (terminated|started|failed to start)/#) {
            supervisor = Self.name(String(match.2))
            child = String(match.1)
            childPid = text.firstMatch(of: #/(?m)^Pid: #PID(<[0-9.]+>)/#).map { String($0.1) }
            switch match.3 {
            case "started": kind = .started
            case "terminated": kind = .failed(context: "child_terminated")
            default: kind = .failed(context: "start_error")
            }
            if let exit = text.firstMatch(of: #/(?m)^\*\* \(exit\) (.+)$/#) {
                reason = String(exit.1)
                if reason == "an exception was raised:",
                    let raised = text.firstMatch(of: #/(?m)^\s+\*\* \((\S+)\) (.+)$/#)
                {
                    reason = "\(raised.1): \(raised.2)"
                }
            }
            return
        }
        return nil
    }

    /// `{local,app_sup}` → `app_sup`, `:app_sup` → `app_sup`; a pid or anything else as printed.
    private static func name(_ printed: String) -> String {
        if let local = printed.firstMatch(of: #/^\{(?:local|global),(.+)\}$/#) { return String(local.1) }
        if printed.hasPrefix(":") { return String(printed.dropFirst()) }
        return printed
    }
}
