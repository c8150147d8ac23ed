import Foundation

/// One master-log message of an app server (Unicorn, Puma, Gunicorn) about a worker's life, read from its text.
///
/// | message | kind | details |
/// |---|---|---|
/// | `worker=1 spawned pid=4907` (Unicorn 4+), `spawned worker=1 pid=4907` | `spawn` | worker |
/// | `reaped #<Process::Status: pid 4821 exit 0> worker=1` | `exit` (code 0), `crash` (other codes) | worker, exit_status |
/// | `reaped #<Process::Status: pid 4821 SIGABRT (signal 6)> worker=1` | `crash` | worker, signal, signo |
/// | `- Worker 1 (PID: 4242) booted in 0.02s, phase: 0` (Puma 5+ cluster), `- Worker 0 (pid: 8003) booted, phase: 0` (older) | `spawn` | worker |
/// | `! Terminating timed out worker (worker failed to check in within 6 seconds): 24745` (Puma) | `kill` | cause `timeout`, worker |
/// | `Booting worker with pid: 8435` (Gunicorn) | `spawn` | |
/// | `Worker exiting (pid: 8436)` (Gunicorn) | `exit` | |
/// | `WORKER TIMEOUT (pid:8436)` (Gunicorn) | `kill` | cause `timeout` |
/// | `Worker (pid:8436) was sent SIGKILL! Perhaps out of memory?` (Gunicorn) | `kill` | cause `SIGKILL`, signal |
/// | `Worker (pid:8436) exited with code 1` (Gunicorn) | `crash` | exit_status |
struct AppServerMessage: Equatable {
    enum Kind: String {
        case spawn
        case exit
        case crash
        case kill
    }

    var kind: Kind
    var pid: Int
    /// The worker slot (`worker=N`, `Worker N`): a respawned worker keeps its slot and gets a new pid.
    var slot: Int?
    var server: String
    var exitStatus: Int?
    var signal: String?
    var signalNumber: Int?
    var cause: String?

    /// What a message that names a known event but cannot be read lacks; nil when the message is not one.
    enum Failure: Error, Equatable {
        case noPid(String)
    }

    /// Reads one message; nil for every other line (requests, `worker=0 ready`, `Refreshing Gem list`).
    /// - Throws: `Failure.noPid` for a message of a known shape without its pid (a cut line).
    static func read(_ message: Substring) throws -> AppServerMessage? {
        if message.hasPrefix("reaped #<Process::Status") { return try reaped(message) }
        if message.contains(" spawned pid=") || message.hasPrefix("spawned worker=") {
            guard let pid = integer(after: "pid=", in: message) else { throw Failure.noPid("spawned") }
            return AppServerMessage(
                kind: .spawn, pid: pid, slot: integer(after: "worker=", in: message), server: "unicorn")
        }
        if let worker = message.range(of: "Worker "), message.contains(") booted") {
            // Puma 5+ prints `(PID: 4242) booted in 0.02s`, Puma 2–4 `(pid: 8003) booted, phase: 0`.
            guard let pid = integer(after: "(PID: ", in: message) ?? integer(after: "(pid: ", in: message) else {
                throw Failure.noPid("booted")
            }
            return AppServerMessage(
                kind: .spawn, pid: pid, slot: integer(after: "Worker ", in: message[worker.lowerBound...]),
                server: "puma")
        }
        if let gunicorn = try gunicorn(message) { return gunicorn }
        if message.contains("Terminating timed out worker") {
            let digits = message.reversed().prefix { $0.isNumber }
            guard !digits.isEmpty, let pid = Int(String(digits.reversed())) else { throw Failure.noPid("timed out") }
            var read = AppServerMessage(kind: .kill, pid: pid, server: "puma")
            read.cause = "timeout"
            return read
        }
        return nil
    }

    /// Gunicorn's arbiter: its workers booted, exiting, timed out, killed and exited with a code.
    private static func gunicorn(_ message: Substring) throws -> AppServerMessage? {
        if message.hasPrefix("Booting worker with pid: ") {
            guard let pid = integer(after: "pid: ", in: message) else { throw Failure.noPid("booting") }
            return AppServerMessage(kind: .spawn, pid: pid, server: "gunicorn")
        }
        if message.hasPrefix("Worker exiting (pid: ") {
            guard let pid = integer(after: "pid: ", in: message) else { throw Failure.noPid("exiting") }
            return AppServerMessage(kind: .exit, pid: pid, server: "gunicorn")
        }
        if message.hasPrefix("WORKER TIMEOUT (pid:") {
            guard let pid = integer(after: "pid:", in: message) else { throw Failure.noPid("timeout") }
            var read = AppServerMessage(kind: .kill, pid: pid, server: "gunicorn")
            read.cause = "timeout"
            return read
        }
        if message.hasPrefix("Worker (pid:") {
            guard let pid = integer(after: "pid:", in: message) else { throw Failure.noPid("worker") }
            if let sent = message.range(of: "was sent SIG") {
                var read = AppServerMessage(kind: .kill, pid: pid, server: "gunicorn")
                let signal = message[message.index(sent.upperBound, offsetBy: -3)...]
                let name = signal.prefix { $0.isLetter || $0.isNumber }
                read.signal = String(name)
                read.cause = String(name)
                return read
            }
            if let code = integer(after: "exited with code ", in: message) {
                var read = AppServerMessage(kind: code == 0 ? .exit : .crash, pid: pid, server: "gunicorn")
                read.exitStatus = code
                return read
            }
        }
        return nil
    }

    private static func reaped(_ message: Substring) throws -> AppServerMessage {
        guard let pid = integer(after: "Process::Status: pid ", in: message) else { throw Failure.noPid("reaped") }
        var read = AppServerMessage(
            kind: .exit, pid: pid, slot: integer(after: "worker=", in: message), server: "unicorn")
        if let code = integer(after: " exit ", in: message) {
            read.exitStatus = code
            read.kind = code == 0 ? .exit : .crash
        } else if let sig = message.range(of: " SIG") {
            let name = message[message.index(after: sig.lowerBound)...].prefix { $0.isLetter || $0.isNumber }
            read.signal = String(name)
            read.signalNumber = integer(after: "(signal ", in: message)
            read.kind = .crash
        }
        return read
    }

    /// The digits right after `needle` in `text`.
    static func integer(after needle: String, in text: Substring) -> Int? {
        guard let found = text.range(of: needle) else { return nil }
        return Int(text[found.upperBound...].prefix { $0.isNumber })
    }

    private init(
        kind: Kind, pid: Int, slot: Int? = nil, server: String
    ) {
        self.kind = kind
        self.pid = pid
        self.slot = slot
        self.server = server
    }
}
