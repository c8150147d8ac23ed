import Foundation
import GRDB

/// Endpoints that are one route with a word-like parameter the id rules cannot see: `/t/tn-moss/rates`,
/// `/t/tn-birch/rates`… are `/t/:slug/rates`.
///
/// `EndpointNormalizer` replaces what looks like an id on its own (numbers, UUIDs, tokens). A tenant, a username or
/// a region is a word, so it is found the way log template miners find a field: at one position of paths that agree
/// on every other segment (one of them a literal word, the route's anchor), many distinct values, none of them
/// most of the requests. A handful of values are routes of their own (`/api/users`, `/api/orders`), so a family
/// needs `minValues` of them in the middle of a path, and twice as many at its end (where one route's siblings
/// sit); half as many when each value was requested once or twice (ids, not routes). Repeated, so
/// `/t/tn-moss/invoices/INV-3992` becomes `/t/:slug/invoices/:slug`. Families are kept (`endpoint_families`), so
/// every file of a rotated log names the route alike.
enum EndpointFamilies {
    static let placeholder = ":slug"
    static let minValues = 12
    /// Requests a value needs, at the least, to be a route of its own beside a family (see `oneStep`).
    static let literalMinRequests = 10

    /// The endpoints among `counts` (endpoint → requests) that belong to a family, and the family's name.
    static func families(_ counts: [String: Int]) -> [String: String] {
        var literals: [String: String] = [:]
        return families(counts, literals: &literals)
    }

    /// The families, and in `literals` the endpoints that sit where a family's values do but are routes of their own,
    /// with the family they sit beside.
    static func families(_ counts: [String: Int], literals: inout [String: String]) -> [String: String] {
        var current = counts
        var name = Dictionary(uniqueKeysWithValues: counts.keys.map { ($0, $0) })  // an endpoint → its family
        for _ in 0..<3 {
            let step = oneStep(current, literals: &literals)
            guard !step.isEmpty else { break }
            current = [:]
            for (endpoint, now) in name {
                let next = step[now] ?? now
                name[endpoint] = next
                current[next, default: 0] += counts[endpoint] ?? 0
            }
        }
        return name.filter { $0.key != $0.value }
    }

    /// One round: every endpoint whose segment at some position varies over a family, renamed at that position.
    private static func oneStep(_ counts: [String: Int], literals: inout [String: String]) -> [String: String] {
        struct Group {
            var values: [Substring: Int] = [:]
            /// Each endpoint of the group, with its value at the group's position.
            var members: [(endpoint: String, value: Substring)] = []
        }
        var groups: [String: Group] = [:]
        for (endpoint, n) in counts {
            let segments = endpoint.split(separator: "/", omittingEmptySubsequences: false)
            guard segments.count >= 3 else { continue }  // "" and at least two segments
            for i in 1..<segments.count where !segments[i].hasPrefix(":") && !segments[i].isEmpty {
                let anchored = segments.indices.contains { j in
                    j != i && j > 0 && !segments[j].hasPrefix(":") && segments[j].contains(where: \.isLetter)
                }
                guard anchored else { continue }
                var key = segments.map(String.init)
                key[i] = "\u{0}"
                let k = key.joined(separator: "/")
                groups[k, default: Group()].values[segments[i], default: 0] += n
                groups[k, default: Group()].members.append((endpoint, segments[i]))
            }
        }
        // An endpoint in two families (a parameter at two positions) takes the one of more values first.
        var out: [String: (family: String, values: Int)] = [:]
        for (key, var group) in groups.sorted(by: { $0.key < $1.key }) {
            let atEnd = key.hasSuffix("\u{0}")
            // A value requested ten times as often as the family's typical one is a route of its own beside the
            // parameter (`/v1/tickets/refund` among `/v1/tickets/T104233`…): it keeps its name.
            let sorted = group.values.values.sorted()
            let typical = sorted[sorted.count / 2]
            let routes = Set(group.values.filter { $0.value >= max(literalMinRequests, 10 * typical) }.keys)
            let routeMembers = group.members.filter { routes.contains($0.value) }.map(\.endpoint)
            for value in routes { group.values[value] = nil }
            group.members.removeAll { routes.contains($0.value) }
            let total = group.values.values.reduce(0, +)
            // Values seen once or twice each are ids (invoice codes, usernames), not routes: routes get traffic.
            let idLike = total <= 2 * group.values.count
            guard group.values.count >= (idLike ? minValues / 2 : atEnd ? 2 * minValues : minValues),
                let top = group.values.values.max(), top * 2 <= total
            else { continue }
            let family = key.replacingOccurrences(of: "\u{0}", with: placeholder)
            for endpoint in routeMembers { literals[endpoint] = family }
            for (endpoint, _) in group.members where (out[endpoint]?.values ?? 0) < group.values.count {
                out[endpoint] = (family, group.values.count)
            }
        }
        return out.mapValues(\.family)
    }

    /// Renames the families among the endpoints an artifact stored, in its transaction: those its own requests show,
    /// and those an earlier file showed (`endpoint_families`). A family first seen in this file also renames the
    /// earlier files' requests of that route, so rotated logs agree.
    static func collapse(_ db: Database, artifactID: Int64, counts: [String: Int]) throws {
        guard !counts.isEmpty else { return }
        let known = try String.fetchAll(db, sql: "SELECT family FROM endpoint_families ORDER BY family")
        var literals: [String: String] = [:]
        var renamed = families(counts, literals: &literals)
        for (endpoint, family) in literals.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: "INSERT OR IGNORE INTO endpoint_routes (endpoint, family, artifact_id) VALUES (?, ?, ?)",
                arguments: [endpoint, family, artifactID])
        }
        let routes = try Set(String.fetchAll(db, sql: "SELECT endpoint FROM endpoint_routes"))
        for endpoint in counts.keys where renamed[endpoint] == nil && !routes.contains(endpoint) {
            if let family = known.first(where: { covers($0, endpoint) }) { renamed[endpoint] = family }
        }
        var earlier: [String: String] = [:]
        for family in Set(renamed.values).subtracting(known).sorted() {
            try db.execute(
                sql: "INSERT OR IGNORE INTO endpoint_families (family, artifact_id) VALUES (?, ?)",
                arguments: [family, artifactID])
            for table in ["requests", "rss_rows"] {
                let candidates = try String.fetchAll(
                    db,
                    sql: "SELECT DISTINCT endpoint FROM \(table) WHERE artifact_id <> ? AND endpoint GLOB ?",
                    arguments: [artifactID, glob(family)])
                for endpoint in candidates where covers(family, endpoint) && !routes.contains(endpoint) {
                    earlier[endpoint] = family
                }
            }
        }
        try rename(db, earlier, artifacts: "artifact_id <> ?", artifactID)
        try rename(db, renamed, artifacts: "artifact_id = ?", artifactID)
    }

    /// Gives the requests of the artifacts `artifacts` selects their family's endpoint (`renames`: endpoint → family),
    /// through a temporary table: one pass over each request table, however many endpoints are renamed (a log of
    /// invoice codes renames one per request).
    private static func rename(_ db: Database, _ renames: [String: String], artifacts: String, _ artifactID: Int64)
        throws
    {
        guard !renames.isEmpty else { return }
        try db.execute(sql: "CREATE TEMP TABLE endpoint_renames (endpoint TEXT PRIMARY KEY, family TEXT NOT NULL)")
        defer { try? db.execute(sql: "DROP TABLE temp.endpoint_renames") }
        for (endpoint, family) in renames {
            try db.execute(sql: "INSERT INTO endpoint_renames VALUES (?, ?)", arguments: [endpoint, family])
        }
        for table in ["requests", "rss_rows"] {
            try db.execute(
                sql: """
                    UPDATE \(table) SET endpoint = (SELECT family FROM endpoint_renames r WHERE r.endpoint = \(table).endpoint)
                    WHERE \(artifacts) AND endpoint IN (SELECT endpoint FROM endpoint_renames)
                    """, arguments: [artifactID])
        }
    }

    /// Whether `endpoint` is a request of the route `family`: the same segments, any value where it has `:slug`.
    static func covers(_ family: String, _ endpoint: String) -> Bool {
        guard family != endpoint else { return false }
        let f = family.split(separator: "/", omittingEmptySubsequences: false)
        let e = endpoint.split(separator: "/", omittingEmptySubsequences: false)
        guard f.count == e.count else { return false }
        return zip(f, e).allSatisfy { a, b in a == b || (a == placeholder && !b.isEmpty) }
    }

    /// A GLOB pattern that finds the candidates `covers` then checks: `*` for each `:slug`, the rest literal.
    private static func glob(_ family: String) -> String {
        var out = ""
        for c in family {
            switch c {
            case "*", "?", "[": out += "[\(c)]"
            default: out.append(c)
            }
        }
        return out.replacingOccurrences(of: placeholder, with: "*")
    }
}
