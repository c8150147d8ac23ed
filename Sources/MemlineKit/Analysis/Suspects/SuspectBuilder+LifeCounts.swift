import Foundation
import GRDB

/// Suspects of kind `endpoint` from the short lives of recycled processes: Passenger's `PassengerMaxRequests`,
/// gunicorn's `max_requests`, a worker killer. Recycling cuts a leak into many lives, none of which grows much, so no
/// trend finds it; but each life is a trial: the lives that served more of the leaking requests kept more.
///
/// A role with at least `minLives` lives that served requests (logged with their pid) gives, per life, what it kept
/// (its lowest RSS over the last quarter of its samples, less its first) and its requests per endpoint between its
/// first and last samples (and over its whole life: a request before its first sample still marks it). An endpoint
/// whose first request in a life raised the floor while more of them added little (per request, the lives that
/// served several kept under 0.6 of what one request kept: the first export raised the floor, the second and third
/// added nothing) is an allocator's high-water mark, not retention: the lives that served it at any time are left
/// out. Over the rest, an endpoint whose count follows what each life kept (Pearson r, one-sided, times the number
/// of names tested, under `alpha`) is named, possibly: it is a correlation across lives, not measured growth. It must hold among the lives that served the endpoint too (a request that comes once a life only
/// says which lives it touched), and most of the role's lives must have ended before the recording did (recycled,
/// not a deploy's two generations of workers).
extension SuspectBuilder {
    static let minLives = 8

    private struct Life {
        var segment: Int
        var keptKB: Double
        /// Its requests per endpoint between its first and last samples: what its kept RSS can show.
        var counts: [String: Int]
        /// Its requests per endpoint over its whole life, those before its first sample too.
        var served: [String: Int]
        var last: MemorySample
    }

    func lifeCountSuspects(base: Double, explained: inout [Int: Double]) throws -> [SuspectDraft] {
        var out: [SuspectDraft] = []
        let roles = Dictionary(grouping: segments.indices.filter { segments[$0].series.pid != nil }) {
            segments[$0].series.role
        }
        let recordingEnd = segments.map(\.segment.endMS).max() ?? 0
        for (role, members) in roles.sorted(by: { $0.key < $1.key }) where members.count >= Self.minLives {
            let lives = try members.compactMap { try life($0) }
            // Recycling ends most lives before the recording does; a deploy's two generations of workers are no trials.
            let ended = lives.filter { segments[$0.segment].segment.endedEarly(recordingEndMS: recordingEnd, t) }
            guard lives.count >= Self.minLives, 4 * ended.count >= 3 * lives.count else { continue }
            let name = segments[lives[0].segment].series.process.map(ProcessRole.shown) ?? role
            out += suspects(role: name, lives: lives, base: base, explained: &explained)
        }
        return out
    }

    private func suspects(role: String, lives: [Life], base: Double, explained: inout [Int: Double])
        -> [SuspectDraft]
    {
        var served: [String: (requests: Int, lives: Int)] = [:]
        for l in lives {
            for (e, c) in l.served {
                served[e, default: (0, 0)].requests += c
                served[e, default: (0, 0)].lives += 1
            }
        }
        let candidates = served.filter { $0.value.requests >= 10 && $0.value.lives >= 3 }.keys.sorted()
        let tested = Double(max(1, candidates.count))
        let mean = { (xs: [Double]) in xs.reduce(0, +) / Double(max(xs.count, 1)) }
        // High-water marks: a life's first such request raised its floor far above the lives that served none, and
        // the lives that served several kept little more than those that served one. A leak keeps about as much at
        // each request; an allocator's high-water mark rises at the first big request of a life and holds.
        // A rare request (a report a few lives served) can be one too: every endpoint that 3 lives served is tried.
        let highWater = served.filter { $0.value.lives >= 3 }.keys.sorted().filter { e in
            let none = mean(lives.filter { $0.served[e] == nil }.map(\.keptKB))
            let once = lives.filter { $0.served[e] == 1 }.map(\.keptKB)
            let more = lives.filter { ($0.served[e] ?? 0) >= 2 }
            guard lives.count - once.count - more.count >= 3, once.count >= 2, more.count >= 2 else { return false }
            let first = mean(once) - none
            let each = (mean(more.map(\.keptKB)) - none) / mean(more.map { Double($0.served[e] ?? 0) })
            return first >= t.suspectMinKB && each < 0.6 * first
        }
        let clean = lives.filter { l in !highWater.contains { l.served[$0] != nil } }
        guard clean.count >= Self.minLives else { return [] }
        let y = clean.map(\.keptKB)
        var fits: [(endpoint: String, r: Double, p: Double, counts: [Double])] = []
        for e in candidates where !highWater.contains(e) {
            let counts = clean.map { Double($0.counts[e] ?? 0) }
            guard let r = TrendStatistics.pearson(counts, y), r > 0 else { continue }
            // Dose and response among the lives that served it: a request that comes once a life, or not at all,
            // only says which lives it touched.
            let touched = clean.filter { ($0.counts[e] ?? 0) > 0 }
            guard
                let within = TrendStatistics.pearson(
                    touched.map { Double($0.counts[e] ?? 0) }, touched.map(\.keptKB)),
                within >= t.intervalMinCorrelation, Self.correlationP(within, n: touched.count) * tested < t.alpha
            else { continue }
            fits.append((e, r, Self.correlationP(r, n: clean.count) * tested, counts))
        }
        fits.sort { ($0.r, $1.endpoint) > ($1.r, $0.endpoint) }
        var out: [SuspectDraft] = []
        var residual = y
        let totalKept = lives.reduce(0) { $0 + $1.keptKB }
        for fit in fits.prefix(2) {
            guard fit.r >= t.intervalMinCorrelation, fit.p < t.alpha else { continue }
            if !out.isEmpty {
                // A second name must follow what the first leaves unexplained.
                guard let r = TrendStatistics.pearson(fit.counts, residual), r >= t.intervalMinCorrelation,
                    Self.correlationP(r, n: clean.count) * tested < t.alpha
                else { continue }
            }
            residual = Self.residual(residual, after: fit.counts)
            let perRequest = Self.slopeThroughOrigin(fit.counts, y)
            let requests = served[fit.endpoint]?.requests ?? 0
            let explainedKB = min(totalKept, perRequest * Double(requests))
            guard explainedKB >= t.suspectMinKB else { continue }
            for l in clean { explained[l.segment, default: 0] += l.keptKB * min(1, explainedKB / max(totalKept, 1)) }
            var reason =
                "Possibly: across \(clean.count) lives of \(role) (each recycled after its requests), the lives that "
                + "served more requests to \(fit.endpoint) kept more (r = \(String(format: "%.2f", fit.r)), "
                + "\(formatP(fit.p)) over \(Int(tested)) names tested): about \(formatMB(perRequest)) kept per "
                + "request, \(formatCount(requests)) requests ≈ \(formatMB(explainedKB)) of the "
                + "\(formatMB(totalKept)) its \(lives.count) lives kept; a correlation across lives, not measured growth"
            if !highWater.isEmpty {
                reason +=
                    "; lives that served \(highWater.joined(separator: ", ")) are left out: their first such request "
                    + "raised RSS and more of them did not, an allocator's high-water mark, not retention"
            }
            let evidence = clean.sorted {
                ($0.counts[fit.endpoint] ?? 0, $1.segment) > ($1.counts[fit.endpoint] ?? 0, $0.segment)
            }
            .prefix(max(1, t.evidenceRows - 1)).map { l in
                EvidenceDraft(
                    label: "\(segments[l.segment].series.label) kept \(formatMB(l.keptKB)) in its life",
                    artifactID: l.last.artifactID, line: l.last.line, lineEnd: nil, ms: l.last.ms,
                    value: "\(l.counts[fit.endpoint] ?? 0) requests to \(fit.endpoint)")
            }
            out.append(
                SuspectDraft(
                    kind: .endpoint, name: fit.endpoint,
                    score: score(explainedKB, base, ConfidenceWeight.of(false)), confident: false,
                    explainedKB: explainedKB.rounded(), reason: reason, sql: lifeSQL(fit.endpoint), evidence: evidence,
                    basis: .perInterval, segments: clean.map(\.segment)))
        }
        return out
    }

    /// A life that served requests: what it kept and its requests per endpoint.
    private func life(_ si: Int) throws -> Life? {
        let a = segments[si]
        let samples = a.segment.samples
        guard let pid = a.series.pid, samples.count >= 3, let first = samples.first, let last = samples.last else {
            return nil
        }
        let name = IntervalWork.requests.nameSQL()
        let window = try Row.fetchAll(
            db,
            sql: """
                SELECT \(name) AS name, count(*) AS n FROM requests
                WHERE pid = ? AND coalesce(ts_end, ts_start) > ? AND coalesce(ts_end, ts_start) <= ? AND \(name) IS NOT NULL
                GROUP BY name
                """,
            arguments: [pid, Timestamp(milliseconds: first.ms).iso8601, Timestamp(milliseconds: last.ms).iso8601])
        let whole = try Row.fetchAll(
            db,
            sql:
                "SELECT \(name) AS name, count(*) AS n FROM requests WHERE pid = ? AND \(name) IS NOT NULL GROUP BY name",
            arguments: [pid])
        guard !whole.isEmpty else { return nil }
        var counts: [String: Int] = [:]
        for row in window { counts[row["name"]] = row["n"] }
        var served: [String: Int] = [:]
        for row in whole { served[row["name"]] = row["n"] }
        return Life(
            segment: si, keptKB: max(0, a.segment.endLevelKB - first.rssKB), counts: counts, served: served, last: last)
    }

    /// Each process's requests to the endpoint, with its first and last RSS.
    private func lifeSQL(_ endpoint: String) -> String {
        """
        SELECT r.pid, count(*) AS requests,
          (SELECT rss_kb FROM rss_samples s WHERE s.pid = r.pid ORDER BY ts LIMIT 1) AS first_rss_kb,
          (SELECT rss_kb FROM rss_samples s WHERE s.pid = r.pid ORDER BY ts DESC LIMIT 1) AS last_rss_kb
        FROM requests r WHERE \(IntervalWork.requests.nameSQL("r.")) = \(SQLText.literal(endpoint))
        GROUP BY r.pid ORDER BY requests DESC
        """
    }
}
