/// Replays bytes already read (to sniff a gzip header) before the rest of a source.
final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let base: any ByteSource

    init(prefix: [UInt8], base: any ByteSource) {
        self.prefix = prefix
        self.base = base
    }

    /// `base` as text bytes: inflated when it starts with the gzip magic bytes, as is otherwise.
    /// - Returns: nil when `base` is empty.
    static func decompressing(_ base: any ByteSource, name: String) throws -> (any ByteSource)? {
        var prefix = [UInt8](repeating: 0, count: 1 << 16)
        let got = try prefix.withUnsafeMutableBytes { try base.read(into: $0) }
        prefix.removeSubrange(got...)
        guard !prefix.isEmpty else { return nil }
        let replay = PrefixedSource(prefix: prefix, base: base)
        if prefix.count >= 2, prefix[0] == 0x1F, prefix[1] == 0x8B { return try GzipSource(replay, name: name) }
        return replay
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { raw in
                guard let source = raw.baseAddress else { return }
                buffer.baseAddress?.copyMemory(from: source + offset, byteCount: n)
            }
            offset += n
            if offset == prefix.count {
                // Replayed: free the sniffed bytes.
                prefix = []
                offset = 0
            }
            return n
        }
        return try base.read(into: buffer)
    }
}
