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
        ("m0003_platform", PackageResources.m0003_platform_sql),
        ("m0004_profiles", PackageResources.m0004_profiles_sql),
        ("m0005_record", PackageResources.m0005_record_sql),
        ("m0006_profile_trend", PackageResources.m0006_profile_trend_sql),
        ("m0007_clock_skew", PackageResources.m0007_clock_skew_sql),
        ("m0008_platform_connect", PackageResources.m0008_platform_connect_sql),
        ("m0010_verdict", PackageResources.m0010_verdict_sql),
        ("m0011_heap_partial", PackageResources.m0011_heap_partial_sql),
        ("m0012_rss_one_row_per_fact", PackageResources.m0012_rss_one_row_per_fact_sql),
        ("m0013_folded_rows", PackageResources.m0013_folded_rows_sql),
    ]

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
