import Foundation

/// Reads small pseudo-files (`/proc`, `/sys/fs/cgroup`) with one reusable buffer.
///
/// These files have no size on disk and are generated on each read, so they are read with
/// `open`/`read`/`close` until end of file; the buffer is kept between reads so a long recording
/// does not allocate per file.
final class ProcFileReader {
    private var buffer: [UInt8]

    init(capacity: Int = 1 << 14) {
        buffer = [UInt8](repeating: 0, count: capacity)
    }

    /// The whole text of `path`, or nil when it cannot be opened or read (the process is gone).
    func text(_ path: String) -> String? {
        bytes(path) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of `path`; nil when it cannot be read.
    func bytes<R>(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var count = 0
        while true {
            if count == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return read(fd, base + count, raw.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            count += got
        }
        return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
    }
}
