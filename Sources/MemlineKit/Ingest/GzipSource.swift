import CZlib

/// Inflates a gzip (or zlib) stream read from another source, member after member.
///
/// `gzip` files made by `cat a.gz b.gz` hold several members; logrotate output can too.
/// A stream that ends inside a member is reported as truncated rather than silently cut.
public final class GzipSource: ByteSource {
    private let base: any ByteSource
    private let name: String
    // zlib keeps a pointer back to the stream: it must not move, so it lives on the heap.
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberEnded = false
    private var finished = false

    public init(_ base: any ByteSource, name: String) throws {
        self.base = base
        self.name = name
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: 1 << 16, alignment: 1)
        guard memline_inflate_init(stream) == Z_OK else {
            throw IngestError.corrupt(path: name, reason: "zlib could not start inflating")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(buffer.count)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && !inputEnded {
                let n = try base.read(into: input)
                if n == 0 {
                    inputEnded = true
                } else {
                    stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = uInt(n)
                }
            }
            if stream.pointee.avail_in == 0 && inputEnded {
                if memberEnded {
                    finished = true
                    break
                }
                throw IngestError.corrupt(path: name, reason: "the gzip stream ends early (truncated .gz?)")
            }
            memberEnded = false
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_STREAM_END:
                memberEnded = true
                // Another member may follow (concatenated gzip); trailing zero padding is ignored.
                inflateReset(stream)
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                throw IngestError.corrupt(path: name, reason: "gzip data is corrupt: \(message)")
            }
        }
        return buffer.count - Int(stream.pointee.avail_out)
    }
}
