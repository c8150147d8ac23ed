import Testing

@testable import MemlineKit

struct ByteScannerTests {
    /// Runs `read` on a scanner over `text` and returns what it read and where the cursor stopped.
    private func scan<T>(_ text: String, _ read: (inout ByteScanner) -> T) -> (T, rest: String) {
        var copy = text
        return copy.withUTF8 { u in
            var s = ByteScanner(u)
            let value = read(&s)
            return (value, s.string(s.position..<u.count))
        }
    }

    @Test func readsSignedIntegersAndStopsAtTheFirstNonDigit() {
        #expect(scan("1234ms") { $0.readInt() } == (1234, "ms"))
        #expect(scan("-42 KB") { $0.readInt() } == (-42, " KB"))
    }

    @Test func leavesTheCursorWhereItWasWhenNothingMatches() {
        #expect(scan("-x") { $0.readInt() } == (nil, "-x"))
        #expect(scan("ms") { $0.readDecimal() } == (nil, "ms"))
        #expect(scan("+5") { $0.readInt() } == (nil, "+5"))
    }

    @Test func readsDecimalsExactlyAndOnlyTakesADotFollowedByADigit() {
        #expect(scan("0.3ms") { $0.readDecimal() } == (0.3, "ms"))
        #expect(scan("21.9)") { $0.readDecimal() } == (21.9, ")"))
        #expect(scan("-.5") { $0.readDecimal() } == (-0.5, ""))
        #expect(scan("12. done") { $0.readDecimal() } == (12, ". done"))
    }

    @Test func findsAndSkipsLiterals() {
        #expect(scan("Completed 200 OK") { s in s.skip("Completed ") ? s.readInt() : nil } == (200, " OK"))
        #expect(scan("a=1 b=2") { s in s.find("b=") } == (4, "a=1 b=2"))
        #expect(scan("abc") { s in s.skip("abd") } == (false, "abc"))
    }
}
