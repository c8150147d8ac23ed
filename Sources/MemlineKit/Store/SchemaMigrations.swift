import GRDB

/// The embedded `Migrations/*.sql` files, in the order they are applied.
///
/// SwiftPM offers no listing of embedded resources, so this table is explicit; a test checks
/// that every file in `Migrations/` appears here.
enum SchemaMigrations {
    static let all: [(identifier: String, sql: [UInt8])] = [
        ("m0001_core", PackageResources.m0001_core_sql),
        ("m0002_heap", PackageResources.m0002_heap_sql),
        ("m0003_analysis", PackageResources.m0003_analysis_sql),
        ("m0004_platform", PackageResources.m0004_platform_sql),
        ("m0005_profiles", PackageResources.m0005_profiles_sql),
        ("m0006_record", PackageResources.m0006_record_sql),
        ("m0007_profile_trend", PackageResources.m0007_profile_trend_sql),
        ("m0008_clock_skew", PackageResources.m0008_clock_skew_sql),
        ("m0009_platform_connect", PackageResources.m0009_platform_connect_sql),
        ("m0010_verdict", PackageResources.m0010_verdict_sql),
        ("m0011_heap_partial", PackageResources.m0011_heap_partial_sql),
        ("m0012_rss_one_row_per_fact", PackageResources.m0012_rss_one_row_per_fact_sql),
        ("m0013_folded_rows", PackageResources.m0013_folded_rows_sql),
        ("m0014_rss_times_as_integers", PackageResources.m0014_rss_times_as_integers_sql),
        ("m0015_process_binaries", PackageResources.m0015_process_binaries_sql),
        ("m0016_endpoint_families", PackageResources.m0016_endpoint_families_sql),
        ("m0017_endpoint_routes", PackageResources.m0017_endpoint_routes_sql),
        ("m0018_pending_indexes", PackageResources.m0018_pending_indexes_sql),
    ]

    /// Migrations renumbered since a database may have recorded them (two were numbered m0003): the identifier a
    /// database holds, and the one it holds now. The SQL of each is unchanged.
    static let renamed: [String: String] = [
        "m0003_platform": "m0004_platform",
        "m0004_profiles": "m0005_profiles",
        "m0005_record": "m0006_record",
        "m0006_profile_trend": "m0007_profile_trend",
        "m0007_clock_skew": "m0008_clock_skew",
        "m0008_platform_connect": "m0009_platform_connect",
    ]

    /// The migrations `db` has applied, under their current identifiers.
    static func applied(_ db: Database) throws -> Set<String> {
        Set(try migrator.appliedIdentifiers(db).map { renamed[$0] ?? $0 })
    }

    /// Gives the migrations a database applied under their old numbers their current identifiers, so they are not
    /// applied twice. Runs before `migrator` on a database that can be written.
    static func renameApplied(_ db: Database) throws {
        guard try db.tableExists("grdb_migrations") else { return }
        // Oldest number last: each new identifier is free by the time it is written.
        for (old, new) in renamed.sorted(by: { $0.key > $1.key }) {
            try db.execute(
                sql: "UPDATE grdb_migrations SET identifier = ? WHERE identifier = ?", arguments: [new, old])
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all {
            let sql = String(decoding: migration.sql, as: UTF8.self)
            migrator.registerMigration(migration.identifier) { db in
                try db.execute(sql: sql)
            }
        }
        return migrator
    }
}
