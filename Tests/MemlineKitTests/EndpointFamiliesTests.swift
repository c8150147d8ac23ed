import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// Word-like route parameters (tenants, usernames) become one endpoint per route; a few sibling routes do not.
struct EndpointFamiliesTests {
    private func tenants(_ n: Int) -> [String] { (0..<n).map { "tn-\(["moss", "ember", "birch"][$0 % 3])\($0 / 3)x" } }

    @Test func aRouteBesideAnIdParameterKeepsItsName() {
        // Given a thousand tickets looked up by code once each, and 415 refunds posted to /v1/tickets/refund
        var counts: [String: Int] = ["/v1/tickets/refund": 415, "/healthz": 122]
        for code in 104_000..<105_064 { counts["/v1/tickets/T\(code)"] = 1 }
        var literals: [String: String] = [:]
        let families = EndpointFamilies.families(counts, literals: &literals)
        // Then the lookups are one family, and the refund route keeps its own name, known as a route
        #expect(families["/v1/tickets/T104233"] == "/v1/tickets/:slug")
        #expect(families["/v1/tickets/refund"] == nil)
        #expect(literals == ["/v1/tickets/refund": "/v1/tickets/:slug"])
    }

    @Test func manyTenantsUnderOneRouteAreOneEndpoint() {
        // Given 30 tenants' rate requests, and their invoices by invoice code
        var counts: [String: Int] = [:]
        var invoice = 8000
        for t in tenants(30) {
            counts["/t/\(t)/rates"] = 40
            for _ in 0..<(8 + t.count) {
                counts["/t/\(t)/invoices/INV-\(invoice)"] = 1
                invoice += 1
            }
        }
        counts["/healthz"] = 75
        let families = EndpointFamilies.families(counts)
        // Then each route is one family, and the route without a parameter keeps its name
        #expect(families["/t/tn-moss0x/rates"] == "/t/:slug/rates")
        #expect(families["/t/tn-moss0x/invoices/INV-8004"] == "/t/:slug/invoices/:slug")
        #expect(Set(families.values) == ["/t/:slug/rates", "/t/:slug/invoices/:slug"])
        #expect(families["/healthz"] == nil)
    }

    @Test func aFewRoutesRequestedOnceEachStayApart() {
        // Given five resources, each requested once
        let resources = ["users", "orders", "carts", "items", "stores"]
        let counts = Dictionary(uniqueKeysWithValues: resources.map { ("/api/\($0)", 1) })
        #expect(EndpointFamilies.families(counts).isEmpty)
    }

    @Test func aFewSiblingRoutesStayApart() {
        // Given ten resources under /api, each its own route, and ten reports with the same action
        var counts: [String: Int] = [:]
        let resources = ["users", "orders", "imports", "exports", "carts", "items", "stores", "offers", "rates", "tax"]
        for r in resources {
            counts["/api/\(r)"] = 100
            counts["/reports/\(r)/download"] = 10
        }
        // Then none is merged: a family needs many values, and more at a path's end
        #expect(EndpointFamilies.families(counts).isEmpty)
    }

    @Test func oneValueWithMostOfTheRequestsIsARouteNotAParameter() {
        // Given a main route with most of the traffic beside many small ones that agree on the rest of the path
        var counts = ["/shop/main/cart": 1000]
        for t in tenants(20) { counts["/shop/\(t)/cart"] = 5 }
        // Then the main route keeps its name, a route of its own, and only the small ones are the family
        var literals: [String: String] = [:]
        let families = EndpointFamilies.families(counts, literals: &literals)
        #expect(families["/shop/main/cart"] == nil)
        #expect(literals == ["/shop/main/cart": "/shop/:slug/cart"])
        #expect(families.count == 20)
    }

    @Test func segmentsWithoutAWordAnchorAreLeftAlone() {
        // Given many top-level pages: no literal segment shared by them
        var counts: [String: Int] = [:]
        for t in tenants(40) { counts["/\(t)"] = 3 }
        #expect(EndpointFamilies.families(counts).isEmpty)
    }

    /// An nginx access log of `tenants`' rate requests, 40 each, a second apart.
    private func accessLog(_ tenants: [String], hour: Int) -> String {
        var lines: [String] = []
        for (i, t) in tenants.enumerated() {
            for k in 0..<40 {
                let s = (i * 40 + k) % 3600
                lines.append(
                    "10.0.0.1 - - [07/Dec/2026:0\(hour):\(String(format: "%02d:%02d", s / 60, s % 60)) +0000] "
                        + "\"GET /t/\(t)/rates HTTP/1.1\" 200 512 \"-\" \"curl/8\"")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func ingest(_ logs: [String]) throws -> MemlineDatabase {
        let db = try MemlineDatabase.inMemory()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, log) in logs.enumerated() {
            let file = dir.appendingPathComponent("access.log.\(i)")
            try log.write(to: file, atomically: true, encoding: .utf8)
            _ = try db.ingest(path: file.path)
        }
        return db
    }

    private func endpoints(_ db: MemlineDatabase) throws -> [String] {
        try db.read { try String.fetchAll($0, sql: "SELECT DISTINCT endpoint FROM requests ORDER BY endpoint") }
    }

    @Test func aRotatedFileWithFewTenantsTakesTheFamilyAnEarlierFileFound() throws {
        // Given the current log with 30 tenants, then a rotated one with 3
        let db = try ingest([accessLog(tenants(30), hour: 2), accessLog(tenants(3), hour: 1)])
        // Then both files' requests are one route
        #expect(try endpoints(db) == ["/t/:slug/rates"])
    }

    @Test func aLaterFileThatFindsTheFamilyRenamesAnEarlierFilesRequests() throws {
        // Given a rotated log with 3 tenants ingested first, then the current one with 30
        let db = try ingest([accessLog(tenants(3), hour: 1), accessLog(tenants(30), hour: 2)])
        // Then the earlier file's requests are renamed too, and the family is kept
        #expect(try endpoints(db) == ["/t/:slug/rates"])
        let kept = try db.read { try String.fetchAll($0, sql: "SELECT family FROM endpoint_families") }
        #expect(kept == ["/t/:slug/rates"])
    }

    /// An nginx access log of `codes` ticket lookups, one each, and `refunds` refunds.
    private func ticketLog(_ codes: Range<Int>, refunds: Int, hour: Int) -> String {
        let paths = codes.map { "GET /v1/tickets/T\($0)" } + Array(repeating: "POST /v1/tickets/refund", count: refunds)
        return paths.enumerated().map { i, request in
            "10.0.0.1 - - [07/Dec/2026:0\(hour):\(String(format: "%02d:%02d", i / 60 % 60, i % 60)) +0000] "
                + "\"\(request) HTTP/1.0\" 200 64 \"-\" \"desk/3\""
        }.joined(separator: "\n") + "\n"
    }

    @Test func aRouteBesideTheFamilyKeepsItsNameInEveryFileOfARotatedLog() throws {
        // Given a rotated log with 5 lookups and 40 refunds first, then the current one with 900 lookups and 400
        let db = try ingest([
            ticketLog(100_000..<100_005, refunds: 40, hour: 1), ticketLog(200_000..<200_900, refunds: 400, hour: 2),
        ])
        // Then every lookup is one route and the refunds keep theirs, in both files
        #expect(try endpoints(db) == ["/v1/tickets/:slug", "/v1/tickets/refund"])
        // And a third file with a few of each keeps them apart the same way
        _ = try db.ingest(
            path: try {
                let dir = try Fixtures.temporaryDirectory()
                let file = dir.appendingPathComponent("access.log.3")
                try ticketLog(300_000..<300_004, refunds: 12, hour: 3).write(
                    to: file, atomically: true, encoding: .utf8)
                return file.path
            }())
        #expect(try endpoints(db) == ["/v1/tickets/:slug", "/v1/tickets/refund"])
    }

    @Test func coversMatchesTheSegmentsAndAnyValueAtTheParameter() {
        #expect(EndpointFamilies.covers("/t/:slug/rates", "/t/tn-moss/rates"))
        #expect(!EndpointFamilies.covers("/t/:slug/rates", "/t/a/b/rates"))
        #expect(!EndpointFamilies.covers("/t/:slug/rates", "/u/tn-moss/rates"))
        #expect(!EndpointFamilies.covers("/t/:slug/rates", "/t/:slug/rates"))
    }
}
