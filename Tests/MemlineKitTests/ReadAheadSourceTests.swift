import Foundation
import Testing

@testable import MemlineKit

/// The background reader every ingest goes through: same bytes, same order, errors in their place.
struct ReadAheadSourceTests {
    /// Gives its bytes, then fails.
    final class FailingSource: ByteSource {
        private let bytes: BytesSource
        init(_ text: String) { bytes = BytesSource(text) }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = try bytes.read(into: buffer)
            if n == 0 { throw IngestError.corrupt(path: "broken.gz", reason: "the gzip stream ends early") }
            return n
        }
    }

    private func readAll(_ source: any ByteSource, bufferSize: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return out }
            out.append(contentsOf: buffer[0..<n])
        }
    }

    @Test(arguments: [1, 7, 4096])
    func deliversEveryByteInOrderWhateverTheChunkSizes(bufferSize: Int) throws {
        // Given 100 KB of numbered lines read ahead in 1000-byte chunks, at most 3 waiting
        let text = (1...10_000).map { "line \($0)" }.joined(separator: "\n")
        let source = ReadAheadSource(BytesSource(text), chunkSize: 1000, depth: 3)
        // Then the consumer reads the same bytes, and 0 at the end (again and again)
        #expect(try readAll(source, bufferSize: bufferSize) == Array(text.utf8))
        var buffer = [UInt8](repeating: 0, count: 8)
        #expect(try buffer.withUnsafeMutableBytes { try source.read(into: $0) } == 0)
    }

    @Test func aReadErrorArrivesAfterTheBytesBeforeIt() throws {
        // Given a source that fails after 5 bytes
        let source = ReadAheadSource(FailingSource("hello"), chunkSize: 2, depth: 2)
        var got: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16)
        // Then the 5 bytes come first, then the error naming the file
        let error = #expect(throws: IngestError.self) {
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                got.append(contentsOf: buffer[0..<n])
            }
        }
        #expect(got == Array("hello".utf8))
        #expect(error?.localizedDescription.contains("broken.gz") == true)
    }

    @Test func aGzipFileIngestsThroughTheReaderLikeBefore() throws {
        // Given the gzipped Papertrail archive ingested (read ahead on a second thread)
        let db = try MemlineDatabase.inMemory()
        let summary = try db.ingest(path: Fixtures.path("papertrail/2024-03-12-08.tsv.gz"))
        // Then every line was read and the hash is of the file's own bytes (as `sha256sum` gives)
        #expect(summary.lines == 31)
        #expect(summary.sha256 == "3ae32e4b5e07abbf4fa74791a0ca85fb0f87fa42c37566d87f6ac89f4a1b44fe")
        let again = try db.ingest(path: Fixtures.path("papertrail/2024-03-12-08.tsv.gz"))
        let id = try #require(summary.artifactID)
        #expect(again.outcome == .alreadyIngested(artifactID: id))
    }
}
