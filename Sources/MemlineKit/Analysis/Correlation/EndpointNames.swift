import GRDBSQLite

/// Interns endpoint names read from SQLite without making a String per row (FNV-1a over the bytes, then a byte
/// comparison); `index` returns the same number for the same text.
struct EndpointNames {
    private(set) var names: [String] = []
    private var bytes: [[UInt8]] = []
    private var byHash: [UInt64: [Int32]] = [:]

    mutating func index(_ cursor: RawCursor, column: Int32) -> Int32 {
        guard let (p, n) = cursor.rawText(column) else { return intern(Array("?".utf8)) }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        if let candidates = byHash[h] {
            for c in candidates where bytes[Int(c)].count == n {
                if bytes[Int(c)].withUnsafeBufferPointer({ buf in (0..<n).allSatisfy { buf[$0] == p[$0] } }) {
                    return c
                }
            }
        }
        return intern(Array(UnsafeBufferPointer(start: p, count: n)), hash: h)
    }

    private mutating func intern(_ b: [UInt8], hash: UInt64? = nil) -> Int32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        if let hash { h = hash } else { for c in b { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 } }
        if let candidates = byHash[h], let c = candidates.first(where: { bytes[Int($0)] == b }) { return c }
        let id = Int32(names.count)
        names.append(String(decoding: b, as: UTF8.self))
        bytes.append(b)
        byHash[h, default: []].append(id)
        return id
    }
}
