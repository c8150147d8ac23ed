import Crypto

/// Streaming SHA-256, so an artifact is hashed in the same pass that parses it.
///
/// A thin wrapper over swift-crypto's `SHA256` (BoringSSL on Linux, with the CPU's SHA instructions where it
/// has them): about 10× the hand-written Swift it replaces on this project's machines (docs/PERFORMANCE.md).
public struct SHA256: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    /// The digest as 64 lowercase hex digits.
    public func finalizeHex() -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in hasher.finalize() {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
