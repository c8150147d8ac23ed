/// How the two halves of a Heroku request (the app's Rails lines and the router line) were found to belong
/// together (`requests.router_join`).
public enum RouterJoin: String, Sendable, Equatable {
    /// Both carry the same request id (Rails' `config.log_tags = [:request_id]`).
    case requestID = "request_id"
    /// The Rails lines carry no request id: the router line of the same dyno, method, path and status whose time
    /// fits the Rails request's start and end (see `RouterRequestJoiner.fits`).
    case timePath = "time_path"
}
