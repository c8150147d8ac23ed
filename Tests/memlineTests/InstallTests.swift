import Foundation
import MemlineKit
import Testing

/// `make install` as the README gives it: the installed binary carries the Swift runtime.
///
/// The build goes to a scratch folder of its own (`.build/install-test`), so it never waits for the lock of the
/// build that runs the tests. It is a static *debug* build by default: a cold release build of the package takes
/// several times longer on CI's machines, and the linking under test is the same. Set
/// `MEMLINE_INSTALL_TEST_CONFIGURATION=release` to test the release build itself.
/// Linux only: Apple platforms ship the Swift runtime with the OS.
#if os(Linux)
    struct InstallTests {
        static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()

        @Test func installedBinaryRunsTheDemoWithoutTheToolchainOnTheLibraryPath() throws {
            // Given `make install` into a scratch PREFIX
            let cli = try CLI()
            defer { cli.cleanUp() }
            let configuration = ProcessInfo.processInfo.environment["MEMLINE_INSTALL_TEST_CONFIGURATION"] ?? "debug"
            let install = try Self.run(
                "/usr/bin/env",
                [
                    "make", "-C", Self.root.path, "install", "PREFIX=\(cli.path("prefix"))",
                    "CONFIGURATION=\(configuration)", "SCRATCH=.build/install-test",
                ])
            try #require(install.status == 0, "make install failed:\n\(install.output.suffix(3000))")
            let binary = cli.path("prefix/bin/memline")
            #expect(FileManager.default.isExecutableFile(atPath: binary))

            // Then it needs no Swift library at load time
            let linked = try Self.run("/usr/bin/env", ["ldd", binary])
            #expect(!linked.output.contains("libswift"), "\(linked.output)")
            #expect(!linked.output.contains("libFoundation"), "\(linked.output)")

            // And it runs the demo with the toolchain's library folder off LD_LIBRARY_PATH
            var environment = ProcessInfo.processInfo.environment
            environment["LD_LIBRARY_PATH"] = (environment["LD_LIBRARY_PATH"] ?? "").split(separator: ":")
                .filter { !$0.contains("swift") }.joined(separator: ":")
            let version = try Self.run(binary, ["--version"], environment: environment)
            #expect(version.status == 0)
            #expect(version.output == "\(MemlineVersion.current)\n")
            let demo = try Self.run(binary, ["demo", "--out", cli.path("demo")], environment: environment)
            #expect(demo.status == 0, "\(demo.output.suffix(2000))")
            #expect(FileManager.default.fileExists(atPath: cli.path("demo/report/report.html")))
        }

        /// Runs a program to its end; stdout and stderr together, through a file so neither pipe can fill up.
        static func run(
            _ program: String, _ arguments: [String], environment: [String: String]? = nil
        ) throws -> (status: Int32, output: String) {
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("memline-install-\(UUID()).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: log) }
            let handle = try FileHandle(forWritingTo: log)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
            if let environment { process.environment = environment }
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            process.waitUntilExit()
            try handle.close()
            return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
    }
#endif
