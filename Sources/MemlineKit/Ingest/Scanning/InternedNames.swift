import Foundation

/// Turns the few names a log repeats on every line (dynos, hosts) into `String`s once, not once per line.
///
/// A lookup compares the bytes with the names already made (most recent first), so a stream of a handful of
/// dynos makes a handful of strings. Past `capacity` distinct names the table starts over, which keeps
/// lookups short on a log with unbounded names (one-off `run.7166` dynos).
struct InternedNames {
    private var names: [(bytes: [UInt8], name: String)] = []
    private var last = 0
    let capacity: Int

    init(capacity: Int = 64) { self.capacity = capacity }

    /// The `String` of `u[range]`, decoded as UTF-8.
    mutating func name(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let bytes = UnsafeBufferPointer(rebasing: u[range])
        if last < names.count, Self.same(names[last].bytes, bytes) { return names[last].name }
        for (i, entry) in names.enumerated() where Self.same(entry.bytes, bytes) {
            last = i
            return entry.name
        }
        if names.count >= capacity { names.removeAll(keepingCapacity: true) }
        let name = String(decoding: bytes, as: UTF8.self)
        names.append((Array(bytes), name))
        last = names.count - 1
        return name
    }

    private static func same(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let base = b.baseAddress, !a.isEmpty else { return true }
        return a.withUnsafeBufferPointer { mine in
            guard let start = mine.baseAddress else { return false }
            return memcmp(start, base, a.count) == 0
        }
    }
}
