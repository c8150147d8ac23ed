import Foundation

/// Pairs Sidekiq's `start` and `done`/`fail` messages into job runs, and notes process starts and stops.
///
/// Fed messages in log order (`SidekiqMessage`), whatever file they came from, it emits:
/// - one `.job` row per run: a `start` and the next `done`/`fail` of the same jid in the same
///   process. A retry of the same jid is a run of its own. A run whose end is not in the log is
///   `running`; an end without its start (the log begins mid-job) keeps the end and dates the
///   start from `elapsed`.
/// - the exception of a failed run: Sidekiq logs it right after `fail`, on the same thread, as
///   WARN lines (the job context as JSON, then `Class: message`, then the backtrace). The first
///   line of `Class: message` becomes the job's `error`; the context supplies its queue.
/// - `.event` rows of kind `start` (`Booting Sidekiq`, `Running in ruby`, `Starting processing`:
///   the first of them per boot; the same line again is a new boot, as when a container restarts with
///   the same pid) and `stop` (`Shutting down`, or `Bye!` without it), when timed.
public struct SidekiqJobTracker {
    private struct JobKey: Hashable {
        var pid: Int?
        var jid: String
    }

    private struct ThreadKey: Hashable {
        var pid: Int?
        var tid: String?
    }

    /// `--host`, or the host the enclosing log names.
    public var host: String?
    private var open: [JobKey: Job] = [:]
    private var failing: [ThreadKey: Job] = [:]
    /// Per pid, the boot lines seen since its last start event (empty once it runs jobs or stops).
    private var bootLines: [Int: Set<String>] = [:]
    /// Pids whose stop was already recorded (`Bye!` after `Shutting down`).
    private var stopped: Set<Int> = []
    /// Lifecycle messages that could not become events because they carry no time.
    public private(set) var untimedLifecycleMessages = 0

    public init(host: String? = nil) {
        self.host = host
    }

    /// Takes the next message of the log.
    /// - Parameters:
    ///   - line: the line the message came from: rows keep its number, skips its text.
    public mutating func consume(_ message: SidekiqMessage, line: Line, into sink: any RowSink) throws {
        let thread = ThreadKey(pid: message.pid, tid: message.tid)
        if var failed = failing[thread] {
            if message.level == "WARN" || message.level == "ERROR", message.jid == nil || message.jid == failed.jid {
                if isExceptionContext(message.text) {
                    if let jid = quotedValue("jid", in: message.text), jid != failed.jid {
                        failing[thread] = nil
                        try sink.emit(.job(failed))
                    } else {
                        failed.queue = failed.queue ?? quotedValue("queue", in: message.text)
                        failing[thread] = failed
                    }
                    return
                }
                failing[thread] = nil
                failed.error = firstLine(of: message.text)
                try sink.emit(.job(failed))
                return
            }
            failing[thread] = nil
            try sink.emit(.job(failed))
        }

        if let phase = message.phase {
            if let pid = message.pid { bootLines[pid] = nil }
            guard let jid = message.jid else {
                try sink.skip(line: line.number, reason: "Sidekiq '\(phase.rawValue)' without a jid", text: line.text)
                return
            }
            try record(phase, jid: jid, message: message, line: line.number, thread: thread, into: sink)
            return
        }
        try noteLifecycle(message, line: line.number, into: sink)
    }

    /// Emits what the log left open: failures still waiting for their exception, runs without an end.
    public mutating func finish(into sink: any RowSink) throws {
        let pending = (Array(failing.values) + Array(open.values)).sorted { $0.line < $1.line }
        failing.removeAll()
        open.removeAll()
        for job in pending { try sink.emit(.job(job)) }
    }

    private mutating func record(
        _ phase: SidekiqMessage.Phase, jid: String, message: SidekiqMessage, line: Int, thread: ThreadKey,
        into sink: any RowSink
    ) throws {
        let key = JobKey(pid: message.pid, jid: jid)
        if phase == .start {
            if let unfinished = open.removeValue(forKey: key) { try sink.emit(.job(unfinished)) }
            var job = Job(line: line, status: "running")
            job.tsStart = message.ts
            job.host = host
            job.pid = message.pid
            job.tid = message.tid
            job.jid = jid
            job.jobClass = message.jobClass
            job.queue = message.queue
            open[key] = job
            return
        }
        var job = open.removeValue(forKey: key) ?? Job(line: line, status: "running")
        if job.jid == nil {
            job.host = host
            job.pid = message.pid
            job.tid = message.tid
            job.jid = jid
            if let end = message.ts, let elapsed = message.elapsedSeconds {
                job.tsStart = end.adding(checkedMilliseconds: -elapsed * 1000)
            }
        }
        job.lineEnd = line
        job.tsEnd = message.ts
        job.jobClass = job.jobClass ?? message.jobClass
        job.queue = job.queue ?? message.queue
        if let elapsed = message.elapsedSeconds {
            job.durationMS = (elapsed * 1_000_000).rounded() / 1000
        } else if let start = job.tsStart, let end = job.tsEnd {
            job.durationMS = Double(end.milliseconds - start.milliseconds)
        }
        job.status = phase.rawValue
        if phase == .fail {
            if let earlier = failing.removeValue(forKey: thread) { try sink.emit(.job(earlier)) }
            failing[thread] = job
        } else {
            try sink.emit(.job(job))
        }
    }

    private mutating func noteLifecycle(_ message: SidekiqMessage, line: Int, into sink: any RowSink) throws {
        guard let pid = message.pid else { return }
        let text = message.text
        let kind: String
        if let boot = ["Booting Sidekiq", "Running in ruby", "Starting processing"].first(where: text.hasPrefix) {
            // One boot prints several of these, in an order that changed between versions; the same line
            // again means a new boot of a process with the same pid (containers reuse pids).
            var seen = bootLines[pid] ?? []
            let newBoot = seen.isEmpty || seen.contains(boot)
            if newBoot { seen = [] }
            seen.insert(boot)
            bootLines[pid] = seen
            stopped.remove(pid)
            guard newBoot else { return }
            kind = "start"
        } else if text.hasPrefix("Shutting down") || text.hasPrefix("Bye!") {
            bootLines[pid] = nil
            guard stopped.insert(pid).inserted else { return }
            kind = "stop"
        } else {
            return
        }
        guard let ts = message.ts else {
            untimedLifecycleMessages += 1
            return
        }
        try sink.emit(
            .event(Event(line: line, ts: ts, host: host, pid: pid, process: "sidekiq", kind: kind, message: text)))
    }

    /// `{"context":"Job raised exception","job":{…}}` (Sidekiq 6/7)
    /// or `{"context"=>"Job raised exception", …}` (Sidekiq ≤ 5).
    private func isExceptionContext(_ text: String) -> Bool {
        text.hasPrefix("{") && text.contains("\"context\"")
    }

    /// The string value of `"key":"value"` or `"key"=>"value"` in a JSON or Ruby-inspect text.
    private func quotedValue(_ key: String, in text: String) -> String? {
        for separator in [":", "=>"] {
            let needle = "\"\(key)\"\(separator)\""
            guard let range = text.range(of: needle) else { continue }
            let tail = text[range.upperBound...]
            guard let end = tail.firstIndex(of: "\"") else { return nil }
            return String(tail[..<end])
        }
        return nil
    }

    private func firstLine(of text: String) -> String {
        let line = text.prefix { $0 != "\n" }
        return String(line.prefix(500))
    }
}
