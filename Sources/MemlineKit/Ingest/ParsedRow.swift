/// A typed row produced by a parser, before it reaches the store.
///
/// Every record carries the 1-based `line` of the artifact it came from, so a report row
/// can always point back at `file:line`.
public enum ParsedRow: Sendable, Equatable {
    case rssSample(RSSSample)
    case requestMemory(RequestMemory)
    case request(Request)
    case job(Job)
    case event(Event)
    case heapSnapshot(HeapSnapshot)
    case heapObject(HeapObject)
    case heapRef(HeapRef)
    case heapRoot(HeapRoot)
    case gcSample(GCSample)
    case heapProfile(HeapProfile)
    case profileStack(ProfileStack)
    case profileMap(ProfileMap)
    case processSample(ProcessSample)
    case metricSample(MetricSample)
    /// A `/proc` reading with every field the recorder keeps (a saved `/proc/PID/status` or `smaps_rollup`).
    case procReading(ProcReading, line: Int)
}

/// A process's memory at one instant (pidstat, a per-request RSS line, a metrics sample…).
public struct RSSSample: Sendable, Equatable {
    public var line: Int
    public var ts: Timestamp
    public var host: String?
    public var pid: Int?
    public var process: String?
    public var rssKB: Double
    public var vszKB: Double?
    public var swapKB: Double?
    /// The memory limit or quota in force for this process (Heroku quota, cgroup limit).
    public var limitKB: Double?
    public var minorFaultsPerSecond: Double?
    public var majorFaultsPerSecond: Double?
    public var memPercent: Double?

    public init(
        line: Int, ts: Timestamp, host: String? = nil, pid: Int? = nil, process: String? = nil, rssKB: Double,
        vszKB: Double? = nil, swapKB: Double? = nil, limitKB: Double? = nil, minorFaultsPerSecond: Double? = nil,
        majorFaultsPerSecond: Double? = nil, memPercent: Double? = nil
    ) {
        self.line = line
        self.ts = ts
        self.host = host
        self.pid = pid
        self.process = process
        self.rssKB = rssKB
        self.vszKB = vszKB
        self.swapKB = swapKB
        self.limitKB = limitKB
        self.minorFaultsPerSecond = minorFaultsPerSecond
        self.majorFaultsPerSecond = majorFaultsPerSecond
        self.memPercent = memPercent
    }
}

/// RSS growth measured around one request by the application itself (a Rails around-filter's `performance.log`).
public struct RequestMemory: Sendable, Equatable {
    public var line: Int
    /// When the line was logged: the end of the request.
    public var ts: Timestamp
    public var host: String?
    public var pid: Int?
    public var url: String
    public var method: String?
    /// The path part of `url`, without scheme, host or query.
    public var path: String
    public var endpoint: String
    public var deltaKB: Double
    public var rssKB: Double

    public init(
        line: Int, ts: Timestamp, host: String? = nil, pid: Int? = nil, url: String, method: String? = nil,
        path: String, endpoint: String, deltaKB: Double, rssKB: Double
    ) {
        self.line = line
        self.ts = ts
        self.host = host
        self.pid = pid
        self.url = url
        self.method = method
        self.path = path
        self.endpoint = endpoint
        self.deltaKB = deltaKB
        self.rssKB = rssKB
    }
}

/// One HTTP request, assembled from one or more log lines.
public struct Request: Sendable, Equatable {
    /// The first line of the request (`Started …`, a router line).
    public var line: Int
    /// The line that completed it, when different.
    public var lineEnd: Int?
    public var tsStart: Timestamp?
    public var tsEnd: Timestamp?
    public var durationMS: Double?
    public var host: String?
    public var pid: Int?
    public var requestID: String?
    public var method: String?
    public var path: String?
    public var endpoint: String?
    /// `Controller#action` where the log names it.
    public var action: String?
    public var format: String?
    public var status: Int?
    public var viewMS: Double?
    public var dbMS: Double?
    public var allocations: Int?
    public var remoteIP: String?
    public var bytes: Int?
    public var rssBeforeKB: Double?
    public var rssAfterKB: Double?
    public var rssDeltaKB: Double?
    /// Heroku router `connect=`: milliseconds to open the connection to the dyno.
    public var connectMS: Double?
    /// How the router line and the Rails lines of this request were joined (`RouterJoin`); nil for one source.
    public var routerJoin: RouterJoin?

    public init(line: Int) { self.line = line }
}

/// One background job execution (Sidekiq `start` … `done`/`fail`).
public struct Job: Sendable, Equatable {
    public var line: Int
    public var lineEnd: Int?
    public var tsStart: Timestamp?
    public var tsEnd: Timestamp?
    public var durationMS: Double?
    public var host: String?
    public var pid: Int?
    public var tid: String?
    public var jid: String?
    public var jobClass: String?
    public var queue: String?
    /// `done`, `fail`, or `running` when the log ends before the job does.
    public var status: String
    public var error: String?

    public init(line: Int, status: String) {
        self.line = line
        self.status = status
    }
}

/// Something that happened at an instant: a deploy, restart, R14, OOM kill, a note.
public struct Event: Sendable, Equatable {
    public var line: Int
    public var ts: Timestamp
    public var host: String?
    public var pid: Int?
    public var process: String?
    /// A short lowercase kind: `deploy`, `restart`, `rollback`, `note`, `oom`, `r14`, `error`…
    public var kind: String
    public var message: String
    /// Extra structured fields as a JSON object text, when the source has them.
    public var details: String?

    public init(
        line: Int, ts: Timestamp, host: String? = nil, pid: Int? = nil, process: String? = nil, kind: String,
        message: String, details: String? = nil
    ) {
        self.line = line
        self.ts = ts
        self.host = host
        self.pid = pid
        self.process = process
        self.kind = kind
        self.message = message
        self.details = details
    }
}
