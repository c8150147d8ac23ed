import Dispatch

/// SHA-256 computed on a serial background queue, in the order the chunks were given.
///
/// `update` copies the bytes and returns at once; `finalizeHex` waits for the queue. Only the
/// queue touches the hasher, which is what makes the unchecked `Sendable` sound.
final class BackgroundSHA256: @unchecked Sendable {
    private var hasher = SHA256()
    private let queue = DispatchQueue(label: "memline.sha256")
    /// Chunks queued but not hashed yet, at most 16.
    private let slots = DispatchSemaphore(value: 16)

    func update(_ bytes: UnsafeRawBufferPointer) {
        let chunk = [UInt8](bytes)
        slots.wait()
        queue.async {
            chunk.withUnsafeBytes { self.hasher.update($0) }
            self.slots.signal()
        }
    }

    func finalizeHex() -> String {
        queue.sync { hasher.finalizeHex() }
    }
}
