import Testing

@testable import MemlineKit

/// Matching objects between snapshots by (address, identity) with a cursor, whatever the order.
struct HeapSnapshotIndexTests {
    @Test func findsObjectsWhetherTheDumpWasInAddressOrderOrNot() {
        // Given a snapshot whose objects arrived out of address order, one address held twice
        var index = HeapSnapshotIndex()
        let pairs: [(Int64, Int64)] = [(0x500, 5), (0x100, 1), (0x300, 3), (0x300, 33), (0x200, 2), (0x900, 9)]
        for (address, identity) in pairs { index.append(address: address, identity: identity) }
        index.finish()
        #expect(index.addresses == [0x100, 0x200, 0x300, 0x300, 0x500, 0x900])
        // When another snapshot's objects are looked up in increasing, then decreasing order
        var cursor = HeapSnapshotIndex.Cursor(index)
        let increasing = [(0x100, 1), (0x250, 2), (0x300, 33), (0x500, 6), (0x1000, 1)].map {
            cursor.find(address: Int64($0.0), identity: Int64($0.1))
        }
        let decreasing = [(0x900, 9), (0x300, 3), (0x100, 2), (0x50, 1)].map {
            cursor.find(address: Int64($0.0), identity: Int64($0.1))
        }
        // Then each answers whether the address is held, and by the same object
        #expect(increasing.map(\.address) == [true, false, true, true, false])
        #expect(increasing.map(\.identity) == [true, false, true, false, false])
        #expect(decreasing.map(\.address) == [true, true, true, false])
        #expect(decreasing.map(\.identity) == [true, true, false, false])
    }

    @Test func walksFarAheadWithoutMissingAnAddress() {
        // Given 1,000 objects 16 bytes apart
        var index = HeapSnapshotIndex()
        for k in 0..<1_000 { index.append(address: Int64(0x1000 + 16 * k), identity: Int64(k)) }
        index.finish()
        var cursor = HeapSnapshotIndex.Cursor(index)
        // When lookups skip more than the cursor's linear stretch
        let found = stride(from: 0, to: 1_000, by: 97).map {
            cursor.find(address: Int64(0x1000 + 16 * $0), identity: Int64($0))
        }
        // Then every one is found
        #expect(found.allSatisfy { $0.address && $0.identity })
    }
}
