/// Replays bytes already read (to sniff a gzip header) before the rest of a source.
final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let base: any ByteSource

    init(prefix: [UInt8], base: any ByteSource) {
        self.prefix = prefix
        self.base = base
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { raw in
                buffer.baseAddress?.copyMemory(from: raw.baseAddress! + offset, byteCount: n)
            }
            offset += n
            if offset == prefix.count { prefix = [] ; offset = Int.max }
            return n
        }
        return try base.read(into: buffer)
    }
}
