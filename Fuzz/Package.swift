// swift-tools-version:6.1
// The libFuzzer harness of memline's readers: run it with Fuzz/fuzz.sh (see docs/RELIABILITY.md), not in CI.
// `.root/memline` is a link to the repository that fuzz.sh makes, so the package is known as `memline` whatever
// the clone's folder is called.
import PackageDescription

let package = Package(
    name: "memline-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: ".root/memline")],
    targets: [
        .executableTarget(
            name: "memline-fuzz",
            dependencies: [.product(name: "MemlineKit", package: "memline")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ]
)
