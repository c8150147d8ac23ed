import Foundation

/// Bytes read from a pipe (a subprocess's standard output) as they arrive.
final class PipeSource: ByteSource {
    private let handle: FileHandle

    init(_ handle: FileHandle) { self.handle = handle }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Foundation.read(handle.fileDescriptor, base, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR {
                throw IngestError.unreadable(path: "curl output", reason: String(cString: strerror(errno)))
            }
        }
    }
}
