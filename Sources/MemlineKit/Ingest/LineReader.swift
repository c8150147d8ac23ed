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
    /// Lines longer than this are left out (listed in `cutLines`, never handed on cut) so one bad line cannot
    /// exhaust memory or become a row holding part of a line.
    public let maxLineBytes: Int
    /// The numbers of the lines left out for being longer than `maxLineBytes`.
    public private(set) var cutLines: [Int] = []
    /// The line being gathered in `carry` has passed `maxLineBytes`.
    private var carryCut = false

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
                    if carryCut || (carry.isEmpty && length > maxLineBytes) {
                        line = leftOut()
                    } else if carry.isEmpty {
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
                guard !carry.isEmpty || carryCut else { return nil }
                let line = carryCut ? leftOut() : carry.withUnsafeBytes { makeLine($0) }
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
                    if carryCut || (carry.isEmpty && length > maxLineBytes) {
                        _ = leftOut()
                    } else if carry.isEmpty {
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
                guard !carry.isEmpty || carryCut else { return }
                if carryCut { _ = leftOut() } else { try carry.withUnsafeBytes { try emitBytes($0, body) } }
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
        if carryCut { return }
        if bytes.count > maxLineBytes - carry.count {
            carryCut = true
            carry.removeAll()
        } else {
            carry.append(contentsOf: bytes)
        }
    }

    /// Counts an over-long line and lists it in `cutLines`; `next()` hands it on as an empty line.
    private func leftOut() -> Line {
        lineNumber += 1
        cutLines.append(lineNumber)
        carryCut = false
        carry.removeAll(keepingCapacity: true)
        return Line(number: lineNumber, text: "")
    }

    private func makeLine(_ raw: UnsafeRawBufferPointer) -> Line {
        let bytes = trimmed(raw)
        return Line(number: lineNumber, text: String(decoding: bytes, as: UTF8.self))
    }
}
