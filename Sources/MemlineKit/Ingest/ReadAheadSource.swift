import Foundation

/// Reads another source on a background thread into a bounded queue of buffers, so decompressing (and hashing)
/// the input runs on a second core beside the parser.
///
/// The producer thread reads `chunkSize` bytes at a time from `base` and waits while `depth` chunks are queued,
/// so memory is bounded by `depth × chunkSize`. A read error is delivered, in order, after the chunks before it.
/// `base` must not be used by anyone else once wrapped. Dropping the reader stops the thread at its next chunk.
public final class ReadAheadSource: ByteSource {
    private let state: State
    private var current: [UInt8] = []
    private var offset = 0
    private var ended = false

    /// Starts reading `base` at once.
    /// - Parameters:
    ///   - chunkSize: bytes per queued buffer (1 MiB).
    ///   - depth: buffers that may wait for the consumer (8).
    public init(_ base: any ByteSource, chunkSize: Int = 1 << 20, depth: Int = 8) {
        state = State(depth: depth)
        let state = self.state
        let box = UncheckedBox(base)
        let thread = Thread {
            let base = box.value
            while true {
                // Uninitialized capacity: no zero-filling a megabyte the read overwrites anyway.
                let result: Result<[UInt8], any Error> = Result {
                    try [UInt8](unsafeUninitializedCapacity: chunkSize) { buffer, count in
                        count = try base.read(into: UnsafeMutableRawBufferPointer(buffer))
                    }
                }
                if !state.put(result) { return }
                if case .success(let chunk) = result, !chunk.isEmpty { continue }
                return
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { state.cancel() }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while offset == current.count {
            if ended { return 0 }
            current = try state.take().get()
            offset = 0
            if current.isEmpty {
                ended = true
                return 0
            }
        }
        let n = min(buffer.count, current.count - offset)
        current.withUnsafeBytes { raw in
            guard let from = raw.baseAddress else { return }
            buffer.baseAddress?.copyMemory(from: from + offset, byteCount: n)
        }
        offset += n
        return n
    }

    /// The queue between the two threads.
    private final class State: @unchecked Sendable {
        private let condition = NSCondition()
        /// At most `depth` items: removing the first is cheap, and a taken chunk is freed at once.
        private var queue: [Result<[UInt8], any Error>] = []
        private var cancelled = false
        private let depth: Int

        init(depth: Int) { self.depth = max(1, depth) }

        /// Queues a chunk, waiting while the queue is full; false once the consumer is gone.
        func put(_ item: Result<[UInt8], any Error>) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while queue.count >= depth && !cancelled { condition.wait() }
            if cancelled { return false }
            queue.append(item)
            condition.broadcast()
            return true
        }

        func take() -> Result<[UInt8], any Error> {
            condition.lock()
            defer { condition.unlock() }
            while queue.isEmpty { condition.wait() }
            let item = queue.removeFirst()
            condition.broadcast()
            return item
        }

        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Hands the non-Sendable base source to the producer thread, its only user from then on.
    private struct UncheckedBox: @unchecked Sendable {
        let value: any ByteSource
        init(_ value: any ByteSource) { self.value = value }
    }
}
