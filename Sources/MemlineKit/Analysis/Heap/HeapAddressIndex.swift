/// Node index by object address, with open addressing (linear probing over a power-of-two table, key 0
/// kept apart as 0 marks an empty slot): about 3× faster than a `Dictionary` for the million inserts and
/// lookups of a diff. The first node added for an address keeps it.
struct HeapAddressIndex {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private var count = 0
    private var zero: Int32?

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    subscript(address: Int64) -> Int32? {
        let k = UInt64(bitPattern: address)
        if k == 0 { return zero }
        return keys.withUnsafeBufferPointer { s in
            var i = Self.slot(k, mask)
            while true {
                let v = s[i]
                if v == k { return values[i] }
                if v == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    /// Adds `address → index` unless the address is known; false when it was.
    mutating func insertFirst(_ address: Int64, _ index: Int32) -> Bool {
        let k = UInt64(bitPattern: address)
        if k == 0 {
            guard zero == nil else { return false }
            zero = index
            return true
        }
        if (count + 1) * 2 > keys.count { grow() }
        var i = Self.slot(k, mask)
        while true {
            let v = keys[i]
            if v == k { return false }
            if v == 0 {
                keys[i] = k
                values[i] = index
                count += 1
                return true
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != 0 { _ = insertFirst(Int64(bitPattern: k), v) }
    }
}
