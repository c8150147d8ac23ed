import ArgumentParser
import MemlineKit

/// Refuses to list analysis results before `memline analyze` has run.
enum AnalysisGuard {
    static func require(_ db: MemlineDatabase) throws {
        guard try db.analysisThresholds() != nil else {
            if db.isReadOnly { throw CommandFailure.runtime(StoreError.readOnlyNotAnalysed(path: db.path)) }
            throw CommandFailure.error("no analysis yet in \(db.path); run `memline analyze` first", usage: false)
        }
    }
}
