import Foundation

/// Appends text to a byte buffer and writes it to a file a megabyte at a time: the heap dump generator
/// writes hundreds of megabytes, and `String` interpolation per field would dominate its run time.
final class ByteWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private(set) var written: Int64 = 0

    init(path: String) throws {
        // A failure shows as the open below failing.
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 21)
    }

    func add(_ s: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    func add(_ s: String) { buffer.append(contentsOf: s.utf8) }

    func add(byte: UInt8) { buffer.append(byte) }

    func int(_ value: Int) {
        if value < 0 {
            buffer.append(0x2D)
            int(-value)
            return
        }
        if value >= 10 { int(value / 10) }
        buffer.append(UInt8(0x30 + value % 10))
    }

    /// `"0x7f3a10000028"`, quotes included.
    func address(_ value: UInt64) {
        buffer.append(0x22)
        buffer.append(0x30)
        buffer.append(0x78)
        var digits = 1
        while digits < 16, value >> (4 * UInt64(digits)) != 0 { digits += 1 }
        for k in stride(from: digits - 1, through: 0, by: -1) {
            buffer.append(Self.hexDigits[Int((value >> (4 * UInt64(k))) & 0xF)])
        }
        buffer.append(0x22)
    }

    /// Ends a line and writes the buffer out once it holds a megabyte.
    func endLine() {
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        written += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
    }
}
