/// One Sidekiq log message, whichever formatter wrote it.
///
/// Sidekiq has printed four layouts over the years; all carry the process id, the thread id and,
/// inside a job, its class and jid:
/// - Sidekiq ≤ 5: `2017-06-07T10:58:00.132Z 10 TID-a2kzs SchedulerMasterImport JID-4eb0… INFO: done: 0.452 sec`
/// - Sidekiq 6/7 `Pretty`: `2026-11-22T01:43:17.863Z pid=19054 tid=fri class=NightlyReportJob jid=2a9b…
///   elapsed=0.301 INFO: fail`
/// - Sidekiq 6/7 `WithoutTimestamp` (chosen when `DYNO` is set, as on Heroku): the same without the time
/// - Sidekiq 6/7 `JSON`: `{"ts":"…","pid":19056,"tid":"fm0","lvl":"INFO","msg":"start","ctx":{"jid":…}}`
///
/// `parse(_:timestamp:)` reads a message whose time was printed by someone else (a Heroku or
/// syslog prefix), so other log parsers can hand Sidekiq lines over to `SidekiqJobTracker`.
public struct SidekiqMessage: Sendable, Equatable {
    /// Which formatter wrote the message.
    public enum Layout: String, Sendable {
        /// Sidekiq ≤ 5: `PID TID-xxx [Class JID-xxx] LEVEL: text`.
        case legacy
        /// Sidekiq 6/7 text: `pid=… tid=… [class=… jid=…] [elapsed=…] LEVEL: text`.
        case pretty
        /// Sidekiq 6/7 JSON formatter.
        case json
        /// A job runner's own key=value lines, led by the class: `job_class=… jid=… queue=… status=start|done|fail
        /// duration_ms=…` (a worker dyno's app output).
        case logfmt
    }

    /// What a message says about a job.
    public enum Phase: String, Sendable {
        case start, done, fail
    }

    public var layout: Layout
    /// nil when neither the line nor the caller gave a time (`WithoutTimestamp` in a bare file).
    public var ts: Timestamp?
    public var pid: Int?
    public var tid: String?
    public var jobClass: String?
    public var jid: String?
    public var queue: String?
    /// Seconds the job ran, on `done`/`fail` lines.
    public var elapsedSeconds: Double?
    /// `INFO`, `WARN`, …
    public var level: String
    /// The message after `LEVEL: ` (several lines for JSON messages holding `\n`).
    public var text: String

    public init(
        layout: Layout, ts: Timestamp?, pid: Int?, tid: String?, jobClass: String? = nil, jid: String? = nil,
        queue: String? = nil, elapsedSeconds: Double? = nil, level: String, text: String
    ) {
        self.layout = layout
        self.ts = ts
        self.pid = pid
        self.tid = tid
        self.jobClass = jobClass
        self.jid = jid
        self.queue = queue
        self.elapsedSeconds = elapsedSeconds
        self.level = level
        self.text = text
    }

    /// `start`, `done` or `fail` when this is one of the job logger's lines (`done: 0.452 sec` in Sidekiq ≤ 5).
    public var phase: Phase? {
        switch text {
        case "start": return .start
        case "done": return .done
        case "fail": return .fail
        default:
            if text.hasPrefix("done: ") { return .done }
            if text.hasPrefix("fail: ") { return .fail }
            return nil
        }
    }
}
