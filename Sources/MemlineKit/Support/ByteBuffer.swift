/// A growable byte buffer with a stable address between mutations, for text bound to SQLite
/// without a copy (`sqliteStatic`): the JSON of an object's references.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    func removeAll() { count = 0 }

    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends `value` in decimal.
    func append(decimal value: Int64) {
        reserve(20)
        var magnitude = value.magnitude
        if value < 0 {
            base[count] = 0x2D
            count += 1
        }
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var k = count + digits - 1
        repeat {
            base[k] = UInt8(truncatingIfNeeded: 0x30 + magnitude % 10)
            magnitude /= 10
            k -= 1
        } while magnitude > 0
        count += digits
    }

    private func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        let grown = max(capacity * 2, count + n)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        new.update(from: base, count: count)
        base.deallocate()
        base = new
        capacity = grown
    }
}
