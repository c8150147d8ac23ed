import Foundation
import GRDB

/// Runs read-only work on one connection per worker, for the analysis's big scans.
///
/// Each worker opens the database file read-only (WAL lets readers run beside the writer), takes the next item
/// until none are left, and keeps its connection for all of them. Results come back in the items' order.
struct ParallelReaders {
    let path: String
    let workers: Int

    /// `body(db, item)` for every item, spread over the workers.
    /// - Throws: the first error a worker met; the other workers stop at their next item.
    func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ body: @escaping @Sendable (Database, Item) throws -> Output
    ) throws -> [Output] {
        let work = SharedWork<Output>(count: items.count)
        let path = path
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            do {
                let queue = try DatabaseQueue(path: path, configuration: Self.configuration)
                try queue.read { db in
                    while let i = work.next() {
                        work.store(try body(db, items[i]), at: i)
                    }
                }
            } catch {
                work.fail(error)
            }
        }
        return try work.results()
    }

    /// Read-only, with a smaller page cache than the writer's: each reader scans its own pids once.
    private static var configuration: Configuration {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -16384")
        }
        return config
    }
}

/// The items handed out and the results collected by `ParallelReaders`, behind one lock.
private final class SharedWork<Output>: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var outputs: [Output?]
    private var error: (any Error)?

    init(count: Int) {
        outputs = Array(repeating: nil, count: count)
    }

    /// The next item's index; nil when all are taken or a worker failed.
    func next() -> Int? {
        lock.withLock {
            guard error == nil, nextIndex < outputs.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func store(_ output: Output, at index: Int) {
        lock.withLock { outputs[index] = output }
    }

    func fail(_ error: any Error) {
        lock.withLock { self.error = self.error ?? error }
    }

    func results() throws -> [Output] {
        try lock.withLock {
            if let error { throw error }
            return outputs.compactMap { $0 }
        }
    }
}
