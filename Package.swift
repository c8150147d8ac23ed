// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "memline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "memline", targets: ["memline"]),
        .library(name: "MemlineKit", targets: ["MemlineKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // zlib for .gz input; the shim wraps inflateInit2, a macro Swift cannot call.
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        .target(
            name: "MemlineKit",
            dependencies: [
                "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Run-time resources are embedded in the binary: list every file (no directory listing).
            resources: [
                .embedInCode("../../Migrations/m0001_core.sql"),
                .embedInCode("../../Migrations/m0002_heap.sql"),
                .embedInCode("../../Migrations/m0003_analysis.sql"),
                .embedInCode("../../Migrations/m0004_platform.sql"),
                .embedInCode("../../Templates/report.md.mustache"),
                .embedInCode("../../Templates/report.html.mustache"),
                .embedInCode("../../Migrations/m0005_profiles.sql"),
                // The demo incident (`memline demo`), one recording the analysis tests read too.
                .embedInCode("Demo/Incident/pidstat.txt.gz"),
                .embedInCode("Demo/Incident/performance.log.gz"),
                .embedInCode("Demo/Incident/sidekiq.log.gz"),
                .embedInCode("Demo/Incident/gc_stat.jsonl.gz"),
                .embedInCode("../../Migrations/m0006_record.sql"),
                .embedInCode("../../Migrations/m0007_profile_trend.sql"),
                .embedInCode("../../Migrations/m0008_clock_skew.sql"),
                .embedInCode("../../Migrations/m0009_platform_connect.sql"),
                .embedInCode("../../Migrations/m0010_verdict.sql"),
                .embedInCode("../../Migrations/m0011_heap_partial.sql"),
                .embedInCode("../../Migrations/m0012_rss_one_row_per_fact.sql"),
                .embedInCode("../../Migrations/m0013_folded_rows.sql"),
                .embedInCode("../../Migrations/m0014_rss_times_as_integers.sql"),
                .embedInCode("../../Migrations/m0015_process_binaries.sql"),
                .embedInCode("../../Migrations/m0016_endpoint_families.sql"),
                .embedInCode("../../Migrations/m0017_endpoint_routes.sql"),
                .embedInCode("../../Migrations/m0018_pending_indexes.sql"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "memline",
            dependencies: [
                "MemlineKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "memline-bench",
            dependencies: [
                "MemlineKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MemlineKitTests",
            dependencies: ["MemlineKit", .product(name: "GRDB", package: "GRDB.swift")],
            // Pinned verdicts and reports are read and rewritten in the source tree (#filePath), not shipped.
            exclude: ["Snapshots"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "memlineTests",
            dependencies: ["memline", "MemlineKit"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
