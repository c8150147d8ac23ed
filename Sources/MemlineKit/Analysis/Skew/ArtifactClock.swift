import GRDB

/// What clock-skew detection needs to know about an artifact: its name, format and applied offset.
struct ArtifactClock: Sendable {
    var id: Int64
    var name: String
    var format: String
    var offsetMS: Int64

    /// Heroku and Papertrail logs carry the platform's clock (Logplex, the router): the reference when paired.
    var isPlatformLog: Bool { format == "heroku" || format == "papertrail" }

    /// Every artifact by id.
    static func all(_ db: Database) throws -> [Int64: ArtifactClock] {
        var out: [Int64: ArtifactClock] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name, format, clock_offset_ms FROM artifacts") {
            let clock = ArtifactClock(id: row[0], name: row[1], format: row[2], offsetMS: row[3])
            out[clock.id] = clock
        }
        return out
    }
}
