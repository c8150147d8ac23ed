extension ArtifactFormat {
    /// Phusion Passenger's log: application processes attached, gone, detached, and their memory errors.
    public static let passenger = ArtifactFormat(
        name: "passenger",
        summary: "Phusion Passenger's log (PassengerLogFile, or the Apache/nginx error log): application processes "
            + "spawned, gone (crash) and detached (exit) as events with the pid and app group; NoMemoryError and "
            + "ENOMEM in an app's output (`App 4321 output: …`)",
        example: "[ W 2026-12-06 12:23:15.0143 23879/T3 age/Cor/App/Poo/AnalyticsCollection.cpp:101 ]: Process "
            + "(pid=24163, group=/srv/app (production)) no longer exists! Detaching it from the pool.",
        detect: detectPassenger,
        makeParser: { PassengerLogParser(context: $0) }
    )

    /// Claims a head with Passenger's own lines: two agent lines, or one and an application's relayed output.
    @Sendable static func detectPassenger(head: [String]) -> Int {
        var agent = 0
        var output = 0
        for line in head {
            switch PassengerLine(line, zone: .utc) {
            case .agent(_, let ts, let pid, _)? where ts != nil && pid != nil: agent += 1
            case .appOutput?: output += 1
            default: break
            }
        }
        return agent >= 2 || (agent >= 1 && output >= 1) ? 60 : 0
    }
}
