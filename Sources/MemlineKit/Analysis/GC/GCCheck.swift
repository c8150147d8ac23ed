import GRDB

/// Reads `gc_samples` (when the GC statistics importer created it) to tell whether GC ran in a process.
///
/// Needs the columns `pid`, `ts` and `count` (GC.stat's collection count). A process whose count did not move
/// over at least three samples while its memory grew had GC disabled (`GC.disable` in an `after_fork` hook).
struct GCCheck {
    struct Verdict: Sendable {
        var samples: Int
        var countFirst: Int
        var countLast: Int
        var artifactID: Int64?
        var lineFirst: Int?
        var lineLast: Int?
        var neverRan: Bool { samples >= 3 && countFirst == countLast }
    }

    let available: Bool

    init(_ db: Database) throws {
        if try db.tableExists("gc_samples") {
            let columns = Set(try db.columns(in: "gc_samples").map(\.name))
            available = ["pid", "ts", "count"].allSatisfy(columns.contains)
        } else {
            available = false
        }
    }

    func verdict(_ db: Database, pid: Int, fromMS: Int64, toMS: Int64) throws -> Verdict? {
        guard available else { return nil }
        let hasLines = try db.columns(in: "gc_samples").contains { $0.name == "line" }
        let lines = hasLines ? "line" : "NULL"
        let hasArtifact = try db.columns(in: "gc_samples").contains { $0.name == "artifact_id" }
        let artifact = hasArtifact ? "artifact_id" : "NULL"
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT count AS c, \(artifact) AS a, \(lines) AS l FROM gc_samples
                WHERE pid = ? AND ts >= ? AND ts <= ? AND count IS NOT NULL ORDER BY ts, rowid
                """,
            arguments: [pid, Timestamp(milliseconds: fromMS).iso8601, Timestamp(milliseconds: toMS).iso8601])
        guard let first = rows.first, let last = rows.last else { return nil }
        return Verdict(
            samples: rows.count, countFirst: first["c"], countLast: last["c"], artifactID: first["a"],
            lineFirst: first["l"], lineLast: last["l"])
    }
}
