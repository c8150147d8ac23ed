import Foundation

/// What the Heroku platform says about a dyno or the app, as an event kind.
///
/// | message (after `heroku[web.1]:` or `app[api]:`) | kind | details |
/// |---|---|---|
/// | `Error R14 (Memory quota exceeded)` | `r14` | code, desc, and `mem_mb`/`quota_pct` from the `Process running mem=…` line before it |
/// | `Error R15 (Memory quota vastly exceeded)` | `r15` | same |
/// | `Error R10 (Boot timeout) -> Web process failed to bind …` | `r10` | code, desc, detail |
/// | any other `Error Rnn (…)` (R12 exit timeout, R13, R16, R17, R99) | `rnn` | code, desc, detail |
/// | `Restarting` / `Cycling` | `restart` | cause `restart` / `cycling` |
/// | `State changed from crashed to starting` | `restart` | cause `crash` (the platform restarting a crashed dyno) |
/// | `State changed from … to crashed` | `crash` | from, to |
/// | `State changed from starting to up` | `up` | from, to |
/// | `State changed from … to down` | `down` | from, to |
/// | `Stopping process with SIGKILL`, `Stopping all processes with SIGKILL` | `kill` | signal |
/// | `Process exited with status 137` | `exit` | status, and signal (status − 128) above 128 |
/// | `Deploy 4c1d2e9a by user dev@example.com` | `deploy` | commit, user |
/// | `Release v187 created by user dev@example.com` | `release` | version, user |
/// | `Rollback to v185 by user dev@example.com` | `rollback` | version, user |
/// | `Scaled to web@3:Standard-1X worker@1:Standard-1X by user …` | `scale` | formation, user |
/// | `Set WEB_CONCURRENCY config vars by user …`, `Remove … config vars by user …` | `config` | user |
///
/// Other state changes (`up` → `starting`, `down` → `starting`), `Stopping all processes with SIGTERM`,
/// `Starting process with command …` and build lines are implied by the events above and are not stored.
/// Sources: https://devcenter.heroku.com/articles/error-codes, /articles/dyno-restarts, /articles/logging.
enum HerokuPlatformMessage {
    case event(kind: String, details: EventDetails)
    /// `Process running mem=596M(116.5%)`: total memory (RSS + swap) in MB and its share of the quota.
    case memoryRunning(mb: Double, percent: Double?)

    /// Reads a dyno-manager message (`heroku[web.1]:`, or the old drain form `app web.3 - State changed …`).
    static func dyno(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> HerokuPlatformMessage? {
        guard start < u.count else { return nil }
        let rest = { ASCIIScan.string(u, start..<u.count) }
        switch u[start] {
        case UInt8(ascii: "E"):
            guard ASCIIScan.hasPrefix(u, "Error R", at: start) else { return nil }
            return rError(u, from: start + 7)
        case UInt8(ascii: "P"):
            if ASCIIScan.hasPrefix(u, "Process running mem=", at: start) {
                return memoryRunning(u, from: start + 20)
            }
            if ASCIIScan.hasPrefix(u, "Process exited with status ", at: start) {
                let numberStart = start + 27
                var end = numberStart
                while end < u.count, ASCIIScan.isDigit(u[end]) { end += 1 }
                guard let status = ASCIIScan.int(u, numberStart..<end) else { return nil }
                var details = EventDetails()
                details.add("status", status)
                if status > 128 { details.add("signal", status - 128) }
                return .event(kind: "exit", details: details)
            }
            return nil
        case UInt8(ascii: "R"):
            guard ASCIIScan.hasPrefix(u, "Restarting", at: start) else { return nil }
            var details = EventDetails()
            details.add("cause", "restart")
            return .event(kind: "restart", details: details)
        case UInt8(ascii: "C"):
            guard ASCIIScan.hasPrefix(u, "Cycling", at: start) else { return nil }
            var details = EventDetails()
            details.add("cause", "cycling")
            return .event(kind: "restart", details: details)
        case UInt8(ascii: "S"):
            if ASCIIScan.hasPrefix(u, "State changed from ", at: start) {
                return stateChange(rest().dropFirst(19))
            }
            if ASCIIScan.hasPrefix(u, "Stopping ", at: start), ASCIIScan.contains(u, "with SIGKILL", from: start) {
                var details = EventDetails()
                details.add("signal", "SIGKILL")
                return .event(kind: "kill", details: details)
            }
            return nil
        default:
            return nil
        }
    }

    /// Reads an `app[api]:` message (releases, deploys, scaling, config changes).
    static func api(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> HerokuPlatformMessage? {
        guard start < u.count else { return nil }
        let text = ASCIIScan.string(u, start..<u.count)
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first else { return nil }
        var details = EventDetails()
        if let by = words.lastIndex(of: "by"), by + 1 < words.count {
            let user = words[(by + 1)...].filter { $0 != "user" }.joined(separator: " ")
            details.add("user", user.isEmpty ? nil : user)
        }
        switch first {
        case "Deploy" where words.count >= 3 && words[2] == "by":
            var ordered = EventDetails()
            ordered.add("commit", String(words[1]))
            ordered.merge(details)
            return .event(kind: "deploy", details: ordered)
        case "Release" where words.count >= 3 && words[2] == "created":
            var ordered = EventDetails()
            ordered.add("version", String(words[1]))
            ordered.merge(details)
            return .event(kind: "release", details: ordered)
        case "Rollback" where words.count >= 3 && words[1] == "to":
            var ordered = EventDetails()
            ordered.add("version", String(words[2]))
            ordered.merge(details)
            return .event(kind: "rollback", details: ordered)
        case "Scaled" where words.count >= 3 && words[1] == "to":
            let by = words.firstIndex(of: "by") ?? words.endIndex
            var ordered = EventDetails()
            ordered.add("formation", words[2..<by].joined(separator: " "))
            ordered.merge(details)
            return .event(kind: "scale", details: ordered)
        case "Set", "Remove", "Unset":
            guard text.contains(" config vars by ") else { return nil }
            return .event(kind: "config", details: details)
        default:
            return nil
        }
    }

    /// `R14 (Memory quota exceeded)`, `R10 (Boot timeout) -> Web process failed to bind …`
    private static func rError(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> HerokuPlatformMessage? {
        var end = start
        while end < u.count, ASCIIScan.isDigit(u[end]) { end += 1 }
        guard end > start else { return nil }
        let number = ASCIIScan.string(u, start..<end)
        var details = EventDetails()
        details.add("code", "R" + number)
        if end + 1 < u.count, u[end] == ASCIIScan.space, u[end + 1] == UInt8(ascii: "(") {
            var close = end + 2
            while close < u.count, u[close] != UInt8(ascii: ")") { close += 1 }
            details.add("desc", ASCIIScan.string(u, (end + 2)..<close))
            var after = close + 1
            while after < u.count,
                u[after] == ASCIIScan.space || u[after] == UInt8(ascii: "-")
                    || u[after] == UInt8(ascii: ">")
            {
                after += 1
            }
            if after < u.count { details.add("detail", ASCIIScan.string(u, after..<u.count)) }
        }
        return .event(kind: "r" + number, details: details)
    }

    /// `596M(116.5%)` (recent) or `596MB(116.5%)` (older docs).
    private static func memoryRunning(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> HerokuPlatformMessage? {
        var end = start
        while end < u.count, ASCIIScan.isDigit(u[end]) || u[end] == UInt8(ascii: ".") { end += 1 }
        guard let mb = ASCIIScan.double(u, start..<end) else { return nil }
        var percent: Double?
        if let open = (end..<u.count).first(where: { u[$0] == UInt8(ascii: "(") }) {
            var close = open + 1
            while close < u.count, ASCIIScan.isDigit(u[close]) || u[close] == UInt8(ascii: ".") { close += 1 }
            percent = ASCIIScan.double(u, (open + 1)..<close)
        }
        return .memoryRunning(mb: mb, percent: percent)
    }

    /// `up to starting`, `crashed to starting`, `starting to up`, `up to crashed`
    private static func stateChange(_ text: Substring) -> HerokuPlatformMessage? {
        let parts = text.split(separator: " ")
        guard parts.count >= 3, parts[1] == "to" else { return nil }
        let from = String(parts[0])
        let to = String(parts[2])
        var details = EventDetails()
        if from == "crashed", to == "starting" {
            details.add("cause", "crash")
            details.add("from", from)
            details.add("to", to)
            return .event(kind: "restart", details: details)
        }
        details.add("from", from)
        details.add("to", to)
        switch to {
        case "crashed": return .event(kind: "crash", details: details)
        case "up": return .event(kind: "up", details: details)
        case "down": return .event(kind: "down", details: details)
        default: return nil
        }
    }
}
