import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct RawCursorTests {
    @Test func timestampsReadWithTheMinuteCacheMatchTheFullParser() throws {
        // Given times in memline's form (same minute, next minute, next day) and one in another form
        let texts = [
            "2026-11-22T01:38:20.123Z", "2026-11-22T01:38:59.999Z", "2026-11-22T01:39:00.000Z",
            "2026-11-23T01:39:00.001Z", "2026-11-23 01:39:02", "2026-11-23T01:39:03.500Z",
        ]
        let db = try MemlineDatabase.inMemory()
        let read: [Int64?] = try db.read { conn in
            var cursor = try RawCursor(
                conn, sql: "SELECT value FROM json_each(?) ORDER BY key", arguments: [String(describing: texts)])
            var out: [Int64?] = []
            while try cursor.next() { out.append(cursor.milliseconds(0)) }
            return out
        }
        // Then every value equals what Timestamp.parseISO says
        #expect(read == texts.map { Timestamp.parseISO($0)?.milliseconds })
    }
}
