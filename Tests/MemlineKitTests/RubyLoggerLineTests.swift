import Testing

@testable import MemlineKit

struct RubyLoggerLineTests {
    private func read(_ text: String, zone: ZoneRule = .utc)
        -> (severity: String?, ts: String?, pid: Int?, progname: String?, message: String, body: String, id: String?)
    {
        var copy = text
        return copy.withUTF8 { u in
            let line = RubyLoggerLine(parsing: u)
            let s = ByteScanner(u)
            return (
                line.severity.map { String(UnicodeScalar($0)) }, line.timestamp(in: u, zone: zone)?.iso8601, line.pid,
                line.prognameRange.map { s.string($0) }, s.string(line.messageStart..<u.count),
                s.string(line.bodyStart..<u.count), line.requestIDTag(in: u).map { s.string($0) }
            )
        }
    }

    @Test func readsSeverityTimePidAndMessageOfTheDefaultFormatter() throws {
        let line = read(
            "I, [2024-12-15T22:40:07.689566 #48158]  INFO -- : [2ffd7a51-489c-4892-9fec-9dd6172f69e2] "
                + "Started GET \"/login\" for 127.0.0.1 at 2024-12-15 22:40:07 +0900",
            zone: try #require(ZoneRule(parsing: "+09:00")))
        #expect(line.severity == "I")
        #expect(line.ts == "2024-12-15T13:40:07.689Z")
        #expect(line.pid == 48158)
        #expect(line.progname == nil)
        #expect(line.body == "Started GET \"/login\" for 127.0.0.1 at 2024-12-15 22:40:07 +0900")
        #expect(line.id == "2ffd7a51-489c-4892-9fec-9dd6172f69e2")
    }

    @Test func readsPrognameOldRubySpacingAndDebugLevel() {
        let old = read("D, [2017-07-26T10:00:01.123456#7551] DEBUG -- sidekiq: hello: world")
        #expect(old.pid == 7551)
        #expect(old.ts == "2017-07-26T10:00:01.123Z")
        #expect(old.progname == "sidekiq")
        #expect(old.message == "hello: world")
    }

    @Test func picksTheRequestIdAmongSeveralTags() {
        let line = read(
            "I, [2024-12-15T22:40:07.689566 #1]  INFO -- : [www] [127.0.0.1] "
                + "[9f2c1d7e0a3b4c5d6e7f8091a2b3c4d5] Completed 200 OK in 3ms")
        #expect(line.id == "9f2c1d7e0a3b4c5d6e7f8091a2b3c4d5")
        #expect(line.body == "Completed 200 OK in 3ms")
        let untagged = read("I, [2024-12-15T22:40:07.689566 #1]  INFO -- : [ActiveJob] [MailerJob] Performing")
        #expect(untagged.id == nil)
        #expect(untagged.body == "Performing")
    }

    @Test func toleratesLinesWithoutThePrefix() {
        let plain = read("Started GET \"/queries\" for 127.0.0.1 at 2010-02-25 16:15:18")
        #expect(plain.severity == nil && plain.pid == nil && plain.ts == nil)
        #expect(plain.message == "Started GET \"/queries\" for 127.0.0.1 at 2010-02-25 16:15:18")
        let cut = read("I, [2017-07-27T06:24:59.87")
        #expect(cut.severity == nil)
        let colours = read("\u{1B}[1m\u{1B}[36mUser Load (0.3ms)\u{1B}[0m")
        #expect(colours.body == colours.message)
    }
}
