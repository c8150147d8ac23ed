/// A snapshot's objects as (address, identity) pairs in address order, for matching another snapshot's
/// objects with a cursor instead of a hash set.
///
/// Ruby writes a dump in address order (heap page by heap page), so the pairs usually arrive sorted and
/// a snapshot scanned in the same order is matched by one forward walk: sequential memory, no hashing.
/// Pairs that arrive out of order are sorted once by `finish()`, and the cursor falls back to binary search.
struct HeapSnapshotIndex {
    private(set) var addresses: [Int64] = []
    private(set) var identities: [Int64] = []
    private var sorted = true

    init(capacity: Int = 0) {
        addresses.reserveCapacity(capacity)
        identities.reserveCapacity(capacity)
    }

    mutating func append(address: Int64, identity: Int64) {
        if let last = addresses.last, address < last { sorted = false }
        addresses.append(address)
        identities.append(identity)
    }

    /// Sorts the pairs by address, when they did not arrive in order.
    mutating func finish() {
        guard !sorted else { return }
        let order = addresses.indices.sorted { addresses[$0] < addresses[$1] }
        addresses = order.map { addresses[$0] }
        identities = order.map { identities[$0] }
        sorted = true
    }

    /// Walks a finished index with lookups in (mostly) increasing address order.
    struct Cursor {
        private let index: HeapSnapshotIndex
        private var position = 0

        init(_ index: HeapSnapshotIndex) { self.index = index }

        /// Whether the snapshot holds an object at `address`, and one with `identity` there.
        mutating func find(address: Int64, identity: Int64) -> (address: Bool, identity: Bool) {
            index.addresses.withUnsafeBufferPointer { addresses in
                let n = addresses.count
                if position > 0, position <= n, addresses[position - 1] >= address {
                    position = Self.lowerBound(addresses, address, 0, position)
                } else {
                    var steps = 0
                    while position < n, addresses[position] < address {
                        position += 1
                        steps += 1
                        if steps == 64 {
                            position = Self.lowerBound(addresses, address, position, n)
                            break
                        }
                    }
                }
                var k = position
                var found = (address: false, identity: false)
                while k < n, addresses[k] == address {
                    found.address = true
                    if index.identities[k] == identity {
                        found.identity = true
                        break
                    }
                    k += 1
                }
                return found
            }
        }

        /// The first position in `low..<high` whose address is not below `address`.
        private static func lowerBound(_ a: UnsafeBufferPointer<Int64>, _ address: Int64, _ low: Int, _ high: Int)
            -> Int
        {
            var low = low
            var high = high
            while low < high {
                let mid = (low + high) / 2
                if a[mid] < address { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }
}
