import Foundation
import Testing

@testable import MemlineKit

/// The Heroku router's connect time, and router lines joined to untagged Rails lines by dyno, path and time.
struct RouterJoinTests {
    static let sample = "heroku/BUILT_FROM_DOCS_heroku_logs_rails_puma_sidekiq.log"
    static let archive = "papertrail/2024-03-12-08.tsv.gz"

    /// `[6359225b-7102-45b2-9726-1bea55433263] `: Rails' request-id tag.
    static let tagPattern = "\\[[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\] "

    /// The lines with the request-id tag removed from the Rails lines of the dynos that `untag` selects, as a
    /// Rails app without `config.log_tags` logs them; the router lines keep their `request_id=`.
    static func untagged(_ lines: [Line], where untag: (String) -> Bool) throws -> String {
        let tag = try NSRegularExpression(pattern: tagPattern)
        return lines.map { line in
            guard untag(line.text) else { return line.text }
            let range = NSRange(line.text.startIndex..., in: line.text)
            return tag.stringByReplacingMatches(in: line.text, range: range, withTemplate: "")
        }.joined(separator: "\n") + "\n"
    }

    /// What identifies a request row whichever way it was joined.
    static func facts(_ requests: [Request]) -> [String] {
        requests.map {
            [
                $0.host, $0.method, $0.path, $0.status.map(String.init), $0.action, $0.requestID,
                $0.bytes.map(String.init), $0.connectMS.map { String($0) },
            ]
            .map { $0 ?? "-" }.joined(separator: " ")
        }.sorted()
    }

    private func parse(_ text: String, as format: ArtifactFormat, name: String) throws -> RowCollector {
        let sink = RowCollector()
        var parser = format.makeParser(ParseContext(sourceName: name))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test func routerConnectTimeIsKeptOnTheRequestRow() throws {
        // Given the Heroku sample, whose router line for the sales report says `connect=1ms service=7938ms`
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path(Self.sample))
        // Then the joined row has the connect time and says how it was joined
        let result = try db.query(
            sql: "SELECT connect_ms, router_join, duration_ms FROM requests "
                + "WHERE request_id = 'f602d8bb-eccd-4ab3-98e0-9b6915f5a827'")
        #expect(result.rows.map { $0.map(\.display) } == [["1", "request_id", "7938"]])
        // and every router line's connect time is there (`connect=0ms` too)
        let connects = try db.query(sql: "SELECT count(*) FROM requests WHERE connect_ms IS NOT NULL")
        #expect(connects.rows.first?.first?.display == "10")
    }

    @Test func untaggedRailsLinesJoinTheirRouterLineByDynoPathAndTime() throws {
        // Given the Heroku sample as logged, and the same stream with web.1's Rails lines untagged (web.2 keeps
        // its tags: a mixed stream)
        let lines = try Fixtures.lines(Self.sample)
        let tagged = try Fixtures.parse(Self.sample, as: .heroku)
        let mixed = try Self.untagged(lines) { $0.contains(" app[web.1]: ") }
        #expect(!mixed.split(separator: "\n").contains { $0.contains(" app[web.1]: ") && $0.contains("-- : [") })

        // When the mixed stream is read
        let sink = try parse(mixed, as: .heroku, name: "mixed.log")

        // Then every request is still one row with the same dyno, path, status, action, id, bytes and connect
        #expect(sink.requests.count == tagged.requests.count)
        #expect(Self.facts(sink.requests) == Self.facts(tagged.requests))
        // web.1's rows were joined by time and path, web.2's by request id but for the H12, which only the router
        // logged (Rails never finished it)
        let web1 = sink.requests.filter { $0.host == "web.1" }
        #expect(web1.count == 4)
        #expect(web1.allSatisfy { $0.routerJoin == .timePath && $0.action != nil && $0.bytes != nil })
        let routerOnly = { (r: Request) in r.status == 503 && r.action == nil }
        #expect(
            sink.requests.filter { $0.host == "web.2" }.map { $0.routerJoin == .requestID || routerOnly($0) }
                == Array(repeating: true, count: 6))
        let unjoined = sink.requests.filter { $0.routerJoin == nil }.map(\.requestID)
        #expect(unjoined == ["386084ba-aef1-4cf8-8d5c-b53db025f939"])
        #expect(tagged.requests.filter { $0.routerJoin == .requestID }.count == 9)
        let cart = try #require(sink.requests.first { $0.requestID == "37e2dbe0-47af-40bd-ad6c-2547bea0a637" })
        #expect(cart.action == "CartsController#show")
        #expect(cart.durationMS == 26)
    }

    @Test func untaggedPapertrailRowsJoinDespiteWholeSecondTimes() throws {
        // Given the Papertrail archive (times in whole seconds) with every Rails line untagged
        let lines = try Fixtures.lines(Self.archive)
        let tagged = try Fixtures.parse(Self.archive, as: .papertrail)
        let untagged = try Self.untagged(lines) { $0.contains("\tapp/web.") }
        #expect(!untagged.contains("[a1b2c3d4-0001-4000-8000-000000000001] Started"))

        // When it is read, then each Rails request meets its router line as when tagged
        let sink = try parse(untagged, as: .papertrail, name: "2024-03-12-08.tsv")
        #expect(sink.requests.count == 5)
        #expect(Self.facts(sink.requests) == Self.facts(tagged.requests))
        #expect(sink.requests.allSatisfy { $0.routerJoin == .timePath })
    }

    @Test func storesHowEachRequestWasJoined() throws {
        // Given the mixed stream ingested into a database
        let mixed = try Self.untagged(try Fixtures.lines(Self.sample)) { $0.contains(" app[web.1]: ") }
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(source: BytesSource(mixed), path: "mixed.log", name: "mixed.log")
        // Then router_join counts both kinds, and NULL for the H12 only the router logged
        let result = try db.query(
            sql: "SELECT router_join, count(*) FROM requests GROUP BY router_join ORDER BY router_join")
        #expect(result.rows.map { $0.map(\.display) } == [["", "1"], ["request_id", "5"], ["time_path", "4"]])
    }

    @Test(arguments: [
        // (router ends ms after Completed, router status, joined?)
        (5, 200, true),
        (-900, 200, true),  // whole-second clocks: the router's second may print before Completed's
        (-1500, 200, false),
        (2900, 200, true),
        (3500, 200, false),  // too late to be this request's router line
        (5, 302, true),  // another status fits too: the router's wins (see the next test)
    ])
    func aRouterLineFitsAnUntaggedRequestOnlyNearItsEndWithItsStatus(lagMS: Int, status: Int, joined: Bool) {
        // Given an untagged Rails request of 100 ms
        let start = Timestamp(milliseconds: 1_710_230_000_000)
        var app = Request(line: 1)
        app.tsStart = start
        app.tsEnd = start.adding(milliseconds: 100)
        app.status = 200
        // and a router line of the same dyno, method and path that started it 5 ms before Rails saw it
        var router = Request(line: 3)
        router.tsEnd = start.adding(milliseconds: 100 + Int64(lagMS))
        router.tsStart = start.adding(milliseconds: -5)
        router.status = status
        // Then it fits only within the clock's resolution before and the router's lag after `Completed`, and a
        // different status only makes it a worse fit
        #expect(RouterRequestJoiner.distance(app: app, router: router).0 == (status == 200 ? 0 : 1))
        #expect(RouterRequestJoiner.fits(app: app, router: router) == joined)
    }

    @Test func aRouterLineThatStartedAfterRailsStartedIsAnotherRequest() {
        // Given an untagged Rails request of 8 s and a router line ending with it but serving only 50 ms
        let start = Timestamp(milliseconds: 1_710_230_000_000)
        var app = Request(line: 1)
        app.tsStart = start
        app.tsEnd = start.adding(milliseconds: 8000)
        var router = Request(line: 9)
        router.tsEnd = start.adding(milliseconds: 8001)
        router.tsStart = start.adding(milliseconds: 7951)
        // Then it is not this request's router line
        #expect(!RouterRequestJoiner.fits(app: app, router: router))
    }

    @Test func crosswiseStatusesOfConcurrentUntaggedRequestsAreSetRightByTheRouter() throws {
        // Given two concurrent untagged requests of web.3 whose Completed lines the Rails parser can only pair by
        // time (whole seconds, no pid): the POST got the GET's 200 and the GET the POST's 302
        let rows = [
            "1\t2024-03-12T00:00:00\t2024-03-12T00:00:00Z\t1\tapp\t192.0.2.1\tLocal7\tInfo\tapp/web.3\t"
                + "Started POST \"/cart/items\" for 198.51.100.1 at 2024-03-12 00:00:00 +0000",
            "2\t2024-03-12T00:00:00\t2024-03-12T00:00:00Z\t1\tapp\t192.0.2.1\tLocal7\tInfo\tapp/web.3\t"
                + "Processing by CartItemsController#create as HTML",
            "3\t2024-03-12T00:00:00\t2024-03-12T00:00:00Z\t1\tapp\t192.0.2.1\tLocal7\tInfo\tapp/web.3\t"
                + "Started GET \"/cart\" for 198.51.100.2 at 2024-03-12 00:00:00 +0000",
            "4\t2024-03-12T00:00:00\t2024-03-12T00:00:00Z\t1\tapp\t192.0.2.1\tLocal7\tInfo\tapp/web.3\t"
                + "Processing by CartsController#show as HTML",
            "5\t2024-03-12T00:00:00\t2024-03-12T00:00:00Z\t1\tapp\t192.0.2.1\tLocal7\tInfo\tapp/web.3\t"
                + "Completed 200 OK in 66ms (Views: 20.0ms | ActiveRecord: 1.0ms | Allocations: 5000)",
            "6\t2024-03-12T00:00:00\t2024-03-12T00:00:00Z\t1\tapp\t192.0.2.1\tLocal7\tInfo\tapp/web.3\t"
                + "Completed 302 Found in 27ms (ActiveRecord: 1.0ms | Allocations: 900)",
            "7\t2024-03-12T00:00:00\t2024-03-12T00:00:00Z\t1\tapp\t192.0.2.1\tLocal7\tInfo\theroku/router\t"
                + "at=info method=POST path=\"/cart/items\" host=a.herokuapp.com request_id=aaaa fwd=\"198.51.100.1\" "
                + "dyno=web.3 connect=0ms service=29ms status=302 bytes=585 protocol=https",
            "8\t2024-03-12T00:00:00\t2024-03-12T00:00:00Z\t1\tapp\t192.0.2.1\tLocal7\tInfo\theroku/router\t"
                + "at=info method=GET path=\"/cart\" host=a.herokuapp.com request_id=bbbb fwd=\"198.51.100.2\" "
                + "dyno=web.3 connect=1ms service=68ms status=200 bytes=18434 protocol=https",
        ]
        // When they are read
        let sink = try parse(rows.joined(separator: "\n"), as: .papertrail, name: "2024-03-12-00.tsv")
        // Then the Rails parser did pair them crosswise (the POST holds the GET's allocations)
        let byPath = Dictionary(uniqueKeysWithValues: sink.requests.map { ($0.path ?? "", $0) })
        #expect(sink.requests.count == 2)
        #expect(byPath["/cart/items"]?.allocations == 5000)
        // but each row is joined by time and path, with the status its router line saw
        #expect(byPath["/cart/items"]?.status == 302)
        #expect(byPath["/cart/items"]?.requestID == "aaaa")
        #expect(byPath["/cart"]?.status == 200)
        #expect(byPath["/cart"]?.requestID == "bbbb")
        #expect(sink.requests.allSatisfy { $0.routerJoin == .timePath })
    }
}
