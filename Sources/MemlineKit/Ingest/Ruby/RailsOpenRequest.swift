/// A request of a Rails log whose `Completed` line has not been read yet.
struct RailsOpenRequest {
    var request: Request
    /// When its `Processing` line was logged (the start of the time `Completed … in Nms` measures).
    var processedAt: Timestamp?
    /// The time of the last line that touched it, for evicting requests that will never complete.
    var lastSeen: Timestamp?
    /// Opened by a Rails 3+ `Started` line (and so still waiting for `Processing by`).
    var fromStarted: Bool

    init(request: Request, fromStarted: Bool, seen: Timestamp?) {
        self.request = request
        self.fromStarted = fromStarted
        self.lastSeen = seen
    }

    /// Whether its controller and action have been read.
    var isProcessed: Bool { request.action != nil }

    /// How well `action` (`Admin::ReportsController#show`) fits `path` (`/admin/reports/12`): 2 when the
    /// controller's last name is a path segment, plus 1 when the action is; 0 when nothing fits.
    ///
    /// Used only to tell apart requests of one process whose lines interleave.
    static func fit(action: String, path: String) -> Int {
        let parts = action.split(separator: "#", maxSplits: 1)
        guard let controller = parts.first else { return 0 }
        let segments = path.split(separator: "/").map { $0.split(separator: ".").first.map(String.init) ?? "" }
        var score = 0
        let last = controller.split(separator: ":").last.map(String.init) ?? String(controller)
        let name = snakeCase(last.hasSuffix("Controller") ? String(last.dropLast(10)) : last)
        if !name.isEmpty, segments.contains(name) { score += 2 }
        if parts.count == 2, segments.contains(String(parts[1])) { score += 1 }
        return score
    }

    /// `FooBarPosts` → `foo_bar_posts`.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        for (i, c) in name.enumerated() {
            if c.isUppercase {
                if i > 0 { out.append("_") }
                out.append(contentsOf: c.lowercased())
            } else {
                out.append(c)
            }
        }
        return out
    }
}
