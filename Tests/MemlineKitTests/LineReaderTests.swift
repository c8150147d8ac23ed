import Foundation
import Testing

@testable import MemlineKit

struct LineReaderTests {
    @Test func keepsEveryLineThroughCRLFBOMAndMissingFinalNewline() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a\r\nb\n\nc".utf8)
        let reader = LineReader(source: BytesSource(bytes), chunkSize: 3)
        var lines: [Line] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(
            lines == [
                Line(number: 1, text: "a"), Line(number: 2, text: "b"), Line(number: 3, text: ""),
                Line(number: 4, text: "c"),
            ])
    }

    @Test func replacesInvalidUTF8InsteadOfDroppingTheLine() throws {
        let reader = LineReader(source: BytesSource([0x61, 0xFF, 0x62, 0x0A]))
        let line = try #require(try reader.next())
        #expect(line.text == "a\u{FFFD}b")
    }

    @Test func hashesLikeSha256sum() {
        var h = SHA256()
        h.update(Array("abc".utf8))
        #expect(h.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var long = SHA256()
        for _ in 0..<1000 { long.update(Array(repeating: UInt8(ascii: "a"), count: 1000)) }
        #expect(long.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func readsTimestampsInAnyZoneAsUTC() throws {
        #expect(Timestamp.parseISO("2024-12-15T22:40:07.689566")?.iso8601 == "2024-12-15T22:40:07.689Z")
        #expect(Timestamp.parseISO("2024-12-15 22:40:07 +0900")?.iso8601 == "2024-12-15T13:40:07.000Z")
        let berlin = try #require(ZoneRule(parsing: "Europe/Berlin"))
        #expect(Timestamp.parseISO("2026-07-01T12:00:00", zone: berlin)?.iso8601 == "2026-07-01T10:00:00.000Z")
        #expect(Timestamp.parseISO("2026-01-01T12:00:00", zone: berlin)?.iso8601 == "2026-01-01T11:00:00.000Z")
        #expect(Timestamp(milliseconds: -1).iso8601 == "1969-12-31T23:59:59.999Z")
    }
}

struct UserTimeTests {
    @Test(arguments: ["2026-11-21T10:00:00Z", "2026-11-21 10:00:00", "2026-11-21T10:00", "1795255200"])
    func acceptsCommonWaysOfWritingATime(text: String) {
        #expect(Timestamp.parseUserInput(text)?.iso8601 == "2026-11-21T10:00:00.000Z")
    }

    @Test(arguments: ["2026-11-21T10:00:00Zoops", "yesterday", "2026-13-01", ""])
    func rejectsWhatIsNotATime(text: String) {
        #expect(Timestamp.parseUserInput(text) == nil)
    }
}
