import Foundation

/// A query to a live Prometheus server's HTTP API: `query_range` with start, end and step, or an instant
/// `query` at one time.
public struct PrometheusQuery: Sendable, Equatable {
    /// The server's base URL: `http://127.0.0.1:9090`.
    public var server: String
    public var query: String
    public var start: Timestamp?
    public var end: Timestamp?
    /// A Prometheus duration (`15s`, `1m`) or seconds; default 15s for a range.
    public var step: String?
    /// The instant of an instant query (default: now).
    public var time: Timestamp?

    public init(
        server: String, query: String, start: Timestamp? = nil, end: Timestamp? = nil, step: String? = nil,
        time: Timestamp? = nil
    ) {
        self.server = server
        self.query = query
        self.start = start
        self.end = end
        self.step = step
        self.time = time
    }

    public var isRange: Bool { start != nil || end != nil }

    var endpoint: String {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        return base + (isRange ? "/api/v1/query_range" : "/api/v1/query")
    }

    /// The parameters sent, in order.
    var parameters: [(String, String)] {
        func seconds(_ t: Timestamp) -> String {
            t.milliseconds % 1000 == 0 ? String(t.milliseconds / 1000) : String(format: "%.3f", t.seconds)
        }
        var p = [("query", query)]
        if isRange {
            let end = self.end ?? Timestamp(date: Date())
            let start = self.start ?? end.adding(milliseconds: -3_600_000)
            p += [("start", seconds(start)), ("end", seconds(end)), ("step", step ?? "15s")]
        } else if let time {
            p.append(("time", seconds(time)))
        }
        return p
    }

    /// The URL as recorded in `artifacts.path` (parameters percent-encoded).
    public var url: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let query = parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
        return endpoint + "?" + query.joined(separator: "&")
    }

    /// `curl` arguments: silent but showing errors, bounded in time, parameters URL-encoded by curl.
    var curlArguments: [String] {
        var args = ["-sS", "--max-time", "120", "-G"]
        for (name, value) in parameters { args += ["--data-urlencode", "\(name)=\(value)"] }
        return args + [endpoint]
    }
}
