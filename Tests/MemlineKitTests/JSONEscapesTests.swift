import Testing

@testable import MemlineKit

/// Every JSON reader decodes string escapes through `JSONEscapes`, so they agree, odd input included.
struct JSONEscapesTests {
    private func decoded(_ escaped: String) -> String {
        var copy = escaped
        return copy.withUTF8 { JSONEscapes.text($0) }
    }

    @Test(arguments: [
        (#"a\"b\\c\/d"#, "a\"b\\c/d"),
        (#"\n\t\r\b\f"#, "\n\t\r\u{08}\u{0C}"),
        (#"caf\u00e9 \u00E9"#, "café é"),
        (#"\ud83d\ude00"#, "😀"),
        (#"\x"#, "x"),
        (#"\u12"#, "\u{FFFD}12"),
        (#"\ud83d!"#, "\u{FFFD}!"),
        (#"end\"#, "end\\"),
    ])
    func decodesEscapes(escaped: String, expected: String) {
        // Given the bytes between a string's quotes, When decoded, Then each escape reads as JSON says
        #expect(decoded(escaped) == expected)
    }

    @Test func stopsNearTheLimit() {
        // Given a long escaped string, When decoded with a limit, Then it stops once the limit is reached
        var text = String(repeating: #"\u00e9"#, count: 10)
        let bytes = text.withUTF8 { JSONEscapes.decode($0, limit: 5) }
        #expect(String(decoding: bytes, as: UTF8.self) == "ééé")
    }

    @Test func everyReaderAgrees() throws {
        // Given one escaped value, When the heap cursor, the member scanner and the event reader read it
        let content = #"a\"b\u00e9\ud83d\ude00\u12"#
        var line = "{\"k\":\"\(content)\"}"
        let (cursor, scanner) = line.withUTF8 { u -> (String, String) in
            var c = JSONByteCursor(u)
            _ = c.consume(0x7B)
            _ = c.string()
            _ = c.consume(0x3A)
            let range = c.string() ?? 0..<0
            var member = ""
            JSONMemberScanner.forEachMember(u) { _, _, value in
                if case .string(let r, let escaped) = value { member = JSONMemberScanner.text(u, r, escaped: escaped) }
            }
            return (c.text(range, escaped: true), member)
        }
        var reader = JSONEventReader()
        let events = try reader.feed(line)
        // Then all three give the same text
        let expected = "a\"bé😀\u{FFFD}12"
        #expect(cursor == expected)
        #expect(scanner == expected)
        #expect(events.contains(.value(.string(expected))))
    }
}
