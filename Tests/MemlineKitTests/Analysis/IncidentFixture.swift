import Foundation
import GRDB

@testable import MemlineKit

/// Loads a recorded incident (`Fixtures/incidents/<scenario>/`, see record.sh) into a database through the
/// real ingest pipeline (format detection, parsers, one transaction per file).
enum IncidentFixture {
    /// The logs a scenario may hold: the import scenario has Rails request lines instead of per-request RSS.
    static let files = ["pidstat.txt.gz", "performance.log.gz", "production.log.gz", "sidekiq.log.gz"]

    static func load(_ scenario: String, into db: MemlineDatabase, gcStat: Bool = false) throws {
        for file in files + (gcStat ? ["gc_stat.jsonl.gz"] : []) {
            let path = Fixtures.path(Fixtures.incident(scenario, file))
            guard FileManager.default.fileExists(atPath: path) else { continue }
            _ = try db.ingest(path: path)
        }
    }

    /// A fresh in-memory database holding the scenario.
    static func database(_ scenario: String, gcStat: Bool = false) throws -> MemlineDatabase {
        let db = try MemlineDatabase.inMemory()
        try load(scenario, into: db, gcStat: gcStat)
        return db
    }
}
