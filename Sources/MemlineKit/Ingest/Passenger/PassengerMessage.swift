import Foundation

/// What one message of Passenger's agent says about an application process's life.
///
/// | message | kind | details |
/// |---|---|---|
/// | `Attaching process (pid=22373, group=/srv/app (production))` (log level 5, debug) | `spawn` | group |
/// | `Preloader for /srv/app started on PID 22303, listening on …` (level 4, info) | `spawn` | group, role `preloader` |
/// | `Process (pid=24163, group=/srv/app (production)) no longer exists! Detaching it from the pool.` | `crash` | group, cause `gone`: it died outside Passenger (a crash, a kill, the kernel's OOM killer) |
/// | `Detaching process (pid=22468, group=…)` (debug), `Checking whether to disconnect long-running connections for process 24258, application /srv/app (production)` (level 3, the default: written whenever a process leaves the pool, recycled by `PassengerMaxRequests`, restarted or shut down) | `exit` | group |
///
/// Read from Passenger 6.0.17's own log at levels 3 to 5. Other messages (the core's start and shutdown, requests
/// answered 502) make no event.
struct PassengerMessage: Equatable {
    enum Kind: String {
        case spawn
        case exit
        case crash
    }

    var kind: Kind
    var pid: Int
    var group: String?
    var role: String?
    var cause: String?

    /// A message that names a process event but not its pid (a cut line).
    struct MissingPid: Error {}

    /// Reads one message; nil for every other message.
    /// - Throws: `MissingPid` for a known message without its pid.
    static func read(_ message: Substring) throws -> PassengerMessage? {
        if message.hasPrefix("Attaching process (pid=") {
            return try process(message, kind: .spawn)
        }
        if message.hasPrefix("Process (pid="), message.contains(") no longer exists!") {
            var read = try process(message, kind: .crash)
            read.cause = "gone"
            return read
        }
        if message.hasPrefix("Detaching process (pid=") {
            return try process(message, kind: .exit)
        }
        let checking = "Checking whether to disconnect long-running connections for process "
        if message.hasPrefix(checking) {
            let rest = message.dropFirst(checking.count)
            guard let pid = Int(rest.prefix { $0.isNumber }) else { throw MissingPid() }
            let group = rest.range(of: ", application ").map { String(rest[$0.upperBound...]) }
            return PassengerMessage(kind: .exit, pid: pid, group: group)
        }
        if message.hasPrefix("Preloader for "), let started = message.range(of: " started on PID ") {
            guard let pid = Int(message[started.upperBound...].prefix { $0.isNumber }) else { throw MissingPid() }
            var read = PassengerMessage(
                kind: .spawn, pid: pid, group: String(message.dropFirst(14)[..<started.lowerBound]))
            read.role = "preloader"
            return read
        }
        return nil
    }

    /// `… (pid=22373, group=/srv/app (production)) …`
    private static func process(_ message: Substring, kind: Kind) throws -> PassengerMessage {
        guard let open = message.range(of: "(pid="),
            let pid = Int(message[open.upperBound...].prefix { $0.isNumber })
        else { throw MissingPid() }
        var group: String?
        if let start = message.range(of: ", group=") {
            // The group ends where its parentheses balance: `/srv/app (production))`.
            var depth = 0
            var end = message.endIndex
            for index in message[start.upperBound...].indices {
                if message[index] == "(" { depth += 1 }
                if message[index] == ")" {
                    if depth == 0 {
                        end = index
                        break
                    }
                    depth -= 1
                }
            }
            group = String(message[start.upperBound..<end])
        }
        return PassengerMessage(kind: kind, pid: pid, group: group)
    }

    private init(kind: Kind, pid: Int, group: String?) {
        self.kind = kind
        self.pid = pid
        self.group = group
    }
}
