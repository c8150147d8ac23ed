import Testing

@testable import MemlineKit

/// Word-like route parameters (tenants, usernames) become one endpoint per route; a few sibling routes do not.
struct EndpointFamiliesTests {
    private func tenants(_ n: Int) -> [String] { (0..<n).map { "tn-\(["moss", "ember", "birch"][$0 % 3])\($0 / 3)x" } }

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
        // Then they are not one family
        #expect(EndpointFamilies.families(counts).isEmpty)
    }

    @Test func segmentsWithoutAWordAnchorAreLeftAlone() {
        // Given many top-level pages: no literal segment shared by them
        var counts: [String: Int] = [:]
        for t in tenants(40) { counts["/\(t)"] = 3 }
        #expect(EndpointFamilies.families(counts).isEmpty)
    }
}
