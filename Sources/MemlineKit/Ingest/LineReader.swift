import Foundation

/// Splits a byte stream into numbered lines, reading 1 MiB at a time.
///
/// Memory stays flat whatever the input size: only the current chunk and one partial line
/// are held. Handles CRLF, a missing final newline and a UTF-8 BOM.
public final class LineReader {
    private let source: any ByteSource
    private var buffer: UnsafeMutableRawBufferPointer
    /// `buffer`'s start, kept non-optional for the hot loops.
    private let bufferStart: UnsafeMutableRawPointer
    private var start = 0
    private var end = 0
    private var carry: [UInt8] = []
    private var exhausted = false
    private var lineNumber = 0
    /// Lines longer than this are cut (and flagged by `truncatedLongLine`) so one bad line cannot exhaust memory.
    public let maxLineBytes: Int
    public private(set) var cutLines: [Int] = []

    public init(source: any ByteSource, chunkSize: Int = 1 << 20, maxLineBytes: Int = 16 << 20) {
        self.source = source
        bufferStart = .allocate(byteCount: max(chunkSize, 1), alignment: 1)
        buffer = UnsafeMutableRawBufferPointer(start: bufferStart, count: max(chunkSize, 1))
        self.maxLineBytes = maxLineBytes
    }

    deinit { buffer.deallocate() }

    /// The next line, or nil at the end of the input.
    /// - Throws: what the source throws (an unreadable file, a truncated gzip stream).
    public func next() throws -> Line? {
        while true {
            if start < end {
                let base = bufferStart + start
                if let found = memchr(base, 0x0A, end - start) {
                    let length = found - base
                    let line: Line
                    if carry.isEmpty {
                        line = makeLine(UnsafeRawBufferPointer(start: base, count: length))
                    } else {
                        appendToCarry(UnsafeRawBufferPointer(start: base, count: length))
                        line = carry.withUnsafeBytes { makeLine($0) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start += length + 1
                    return line
                }
                appendToCarry(UnsafeRawBufferPointer(start: base, count: end - start))
                start = end
            }
            if exhausted {
                guard !carry.isEmpty else { return nil }
                let line = carry.withUnsafeBytes { makeLine($0) }
                carry.removeAll()
                return line
            }
            let n = try source.read(into: buffer)
            start = 0
            end = n
            if n == 0 { exhausted = true }
        }
    }

    /// Calls `body` with the bytes and number of every remaining line, without making a `String`.
    ///
    /// The bytes are those `next()` would decode (no terminator, no CR, no BOM on line 1, cut at
    /// `maxLineBytes`) and are valid only during the call: the hot path of large ingests.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        while true {
            if start < end {
                let base = bufferStart + start
                if let found = memchr(base, 0x0A, end - start) {
                    let length = found - base
                    start += length + 1
                    if carry.isEmpty {
                        try emitBytes(UnsafeRawBufferPointer(start: base, count: length), body)
                    } else {
                        appendToCarry(UnsafeRawBufferPointer(start: base, count: length))
                        try carry.withUnsafeBytes { try emitBytes($0, body) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    continue
                }
                appendToCarry(UnsafeRawBufferPointer(start: base, count: end - start))
                start = end
            }
            if exhausted {
                guard !carry.isEmpty else { return }
                try carry.withUnsafeBytes { try emitBytes($0, body) }
                carry.removeAll()
                return
            }
            let n = try source.read(into: buffer)
            start = 0
            end = n
            if n == 0 { exhausted = true }
        }
    }

    private func emitBytes(
        _ raw: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
        let bytes = trimmed(raw)
        try body(bytes.bindMemory(to: UInt8.self), lineNumber)
    }

    /// Counts the line and drops line 1's BOM and a trailing CR.
    private func trimmed(_ raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        lineNumber += 1
        var bytes = raw
        if lineNumber == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
        }
        if let last = bytes.last, last == 0x0D {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 1)])
        }
        return bytes
    }

    private func appendToCarry(_ bytes: UnsafeRawBufferPointer) {
        let room = maxLineBytes - carry.count
        if room <= 0 { return }
        if bytes.count > room {
            carry.append(contentsOf: bytes.prefix(room))
            cutLines.append(lineNumber + 1)
        } else {
            carry.append(contentsOf: bytes)
        }
    }

    private func makeLine(_ raw: UnsafeRawBufferPointer) -> Line {
        let bytes = trimmed(raw)
        return Line(number: lineNumber, text: String(decoding: bytes, as: UTF8.self))
    }
}
