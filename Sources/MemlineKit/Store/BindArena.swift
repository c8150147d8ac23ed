import Foundation

/// One reused buffer that holds the text values of the row being inserted, so SQLite can bind them with
/// `sqliteStatic` instead of making its own copy (a `malloc`, a `memcpy` and a `free` per text value, with
/// `sqliteTransient`).
///
/// `SQLiteBinder` copies each text into the arena, binds the copy and, after the row's `step` has reset the
/// statement and cleared its bindings, empties the arena for the next row. A value that does not fit is bound
/// with `sqliteTransient` as before.
final class BindArena {
    private let base: UnsafeMutableRawPointer
    let capacity: Int
    private var used = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        base = .allocate(byteCount: capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// A copy of `bytes` valid until `reset`, or nil when it does not fit.
    func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer? {
        guard used + bytes.count <= capacity else { return nil }
        let start = base + used
        if let from = bytes.baseAddress, !bytes.isEmpty { start.copyMemory(from: from, byteCount: bytes.count) }
        used += bytes.count
        return UnsafeRawPointer(start)
    }

    /// Frees the whole arena for the next row: call only once no statement binds any of its bytes.
    func reset() { used = 0 }
}
