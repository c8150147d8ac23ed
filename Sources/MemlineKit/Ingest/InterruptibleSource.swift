/// Passes another source's bytes on until a `StopSignal` fires, then throws `IngestError.interrupted`, so the
/// ingest transaction of the file being read rolls back at its next chunk.
final class InterruptibleSource: ByteSource {
    private let base: any ByteSource
    private let stop: StopSignal
    private let name: String

    init(_ base: any ByteSource, stop: StopSignal, name: String) {
        self.base = base
        self.stop = stop
        self.name = name
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let signal = stop.received { throw IngestError.interrupted(path: name, signal: signal) }
        return try base.read(into: buffer)
    }
}
