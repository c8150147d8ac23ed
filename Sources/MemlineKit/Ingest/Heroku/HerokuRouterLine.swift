/// One `heroku[router]` line: a request the router served, or a router error.
///
/// `at=info method=GET path="/cart" host=shop.herokuapp.com request_id=37e2dbe0-… fwd="198.51.100.7" dyno=web.1
/// connect=0ms service=26ms status=200 bytes=18434 protocol=https`; errors add `code=H12 desc="Request timeout"`
/// (https://devcenter.heroku.com/articles/http-routing, /articles/error-codes). The router logs a line when
/// it is done with the request, so its time is the request's end; `connect` + `service` is how long it took.
struct HerokuRouterLine {
    var at: String?
    var code: String?
    var desc: String?
    var method: String?
    /// The path as requested, query string included.
    var path: Range<Int>?
    /// The `Host` header of the request (not the dyno).
    var requestHost: String?
    var requestID: String?
    /// The client address: the first address of `fwd`.
    var remoteIP: String?
    var dyno: String?
    var connectMS: Double?
    var serviceMS: Double?
    var status: Int?
    var bytes: Int?
    var protocolName: String?

    /// Reads the router message that starts at `start`; nil when it has neither a method nor a code.
    init?(_ u: UnsafeBufferPointer<UInt8>, from start: Int) {
        var sawAny = false
        LogfmtScanner.forEachPair(u, from: start) { key, value in
            let string = { ASCIIScan.string(u, value) }
            switch key.count {
            case 2 where ASCIIScan.hasPrefix(u, "at", at: key.lowerBound): at = string()
            case 3 where ASCIIScan.hasPrefix(u, "fwd", at: key.lowerBound):
                var end = value.lowerBound
                while end < value.upperBound, u[end] != UInt8(ascii: ","), u[end] != ASCIIScan.space { end += 1 }
                if end > value.lowerBound { remoteIP = ASCIIScan.string(u, value.lowerBound..<end) }
            case 4:
                if ASCIIScan.hasPrefix(u, "code", at: key.lowerBound) {
                    code = string()
                } else if ASCIIScan.hasPrefix(u, "desc", at: key.lowerBound) {
                    desc = string()
                } else if ASCIIScan.hasPrefix(u, "path", at: key.lowerBound) {
                    path = value
                } else if ASCIIScan.hasPrefix(u, "host", at: key.lowerBound) {
                    requestHost = string()
                } else if ASCIIScan.hasPrefix(u, "dyno", at: key.lowerBound) {
                    dyno = string()
                }
            case 5 where ASCIIScan.hasPrefix(u, "bytes", at: key.lowerBound): bytes = ASCIIScan.int(u, value)
            case 6:
                if ASCIIScan.hasPrefix(u, "method", at: key.lowerBound) {
                    method = string()
                } else if ASCIIScan.hasPrefix(u, "status", at: key.lowerBound) {
                    status = ASCIIScan.int(u, value)
                }
            case 7:
                if ASCIIScan.hasPrefix(u, "connect", at: key.lowerBound) {
                    connectMS = LogfmtScanner.leadingNumber(u, value)
                } else if ASCIIScan.hasPrefix(u, "service", at: key.lowerBound) {
                    serviceMS = LogfmtScanner.leadingNumber(u, value)
                }
            case 8 where ASCIIScan.hasPrefix(u, "protocol", at: key.lowerBound): protocolName = string()
            case 10 where ASCIIScan.hasPrefix(u, "request_id", at: key.lowerBound): requestID = string()
            default: break
            }
            sawAny = true
        }
        guard sawAny, method != nil || code != nil else { return nil }
    }

    /// Whether this is a router error or warning (`at=error code=H12 …`) rather than a served request.
    var isError: Bool { code != nil || at == "error" }

    /// The request as the router saw it; `host` is the dyno that served it (nil when none did, as in H10/H13).
    func request(_ u: UnsafeBufferPointer<UInt8>, line: Int, time: Timestamp) -> Request {
        var request = Request(line: line)
        request.method = method
        if let path {
            let split = EndpointNormalizer.split(bytes: UnsafeBufferPointer(rebasing: u[path]))
            request.path = split.path
            request.endpoint = split.endpoint
        }
        request.requestID = requestID
        request.host = dyno.flatMap { $0 == "no-dyno" || $0.isEmpty ? nil : $0 }
        request.status = status
        request.bytes = bytes
        request.remoteIP = remoteIP
        request.durationMS = serviceMS
        request.connectMS = connectMS
        request.tsEnd = time
        let elapsed = (connectMS ?? 0) + (serviceMS ?? 0)
        request.tsStart = time.adding(checkedMilliseconds: -elapsed)
        return request
    }

    /// The router error as an event of kind `h12` (the code in lower case), or `router-error` without a code.
    func event(_ u: UnsafeBufferPointer<UInt8>, line: Int, time: Timestamp) -> Event {
        let pathText = path.map { ASCIIScan.string(u, $0) }
        var details = EventDetails()
        details.add("code", code)
        details.add("desc", desc)
        details.add("method", method)
        details.add("path", pathText)
        details.add("request_id", requestID)
        details.add("dyno", dyno)
        details.add("connect_ms", connectMS)
        details.add("service_ms", serviceMS)
        details.add("status", status)
        details.add("bytes", bytes)
        details.add("fwd", remoteIP)
        details.add("host", requestHost)
        var message = [code, desc.map { "(\($0))" }, method, pathText].compactMap { $0 }.joined(separator: " ")
        if message.isEmpty { message = "router error" }
        return Event(
            line: line, ts: time, host: dyno.flatMap { $0 == "no-dyno" ? nil : $0 }, process: "router",
            kind: code.map { $0.lowercased() } ?? "router-error", message: message, details: details.text)
    }
}
