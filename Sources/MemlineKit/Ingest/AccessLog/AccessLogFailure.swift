/// Why a line is not an access log line: the reason shown when it is skipped.
struct AccessLogFailure: Error, Equatable {
    var reason: String

    init(_ reason: String) { self.reason = reason }
}
