/// What a classic `Completed` line said about its request, kept briefly so that the lograge line repeating it
/// (`config.lograge.keep_original_rails_log = true` logs both, the lograge line right after `Completed`) is
/// not counted as a second request.
struct RailsCompletedStamp {
    var action: String?
    var status: Int?
    var durationMS: Double?
    var requestID: String?
    var pid: Int?
    var time: Timestamp?

    init(_ request: Request) {
        action = request.action
        status = request.status
        durationMS = request.durationMS
        requestID = request.requestID
        pid = request.pid
        time = request.tsEnd
    }

    /// Whether `request`, read from a lograge line, is this one: same action and status, the same request id
    /// and pid where both have one, durations within 1 ms (Rails rounds `in 25ms`, lograge prints 24.85) and
    /// times within 1 s.
    func isRepeated(by request: Request) -> Bool {
        guard let action, action == request.action, status == request.status else { return false }
        if let requestID, let other = request.requestID, requestID != other { return false }
        if let pid, let other = request.pid, pid != other { return false }
        if let durationMS, let other = request.durationMS, abs(durationMS - other) > 1 { return false }
        if let time, let other = request.tsEnd, abs(time.milliseconds - other.milliseconds) > 1000 { return false }
        return true
    }
}
