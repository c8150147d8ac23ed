import Foundation
import Testing

@testable import MemlineKit

/// Opens the HTML report in a real browser (Debian's chromium, installed by `.ci/setup test`).
struct BrowserTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try #require(chromium, "chromium is missing: run `.ci/setup test`"))
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + NSTemporaryDirectory() + "memline-chromium-\(UUID().uuidString)",
            ]
            + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func htmlReportRendersWithAVisibleChart() throws {
        // Given the HTML report of a small incident
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = ReportOptions()
        options.generatedAt = "fixed"
        let paths = try ReportPipeline.run(
            database: try ReportTests.incident(), options: options, templates: nil, out: dir.path, format: .html)
        let html = try String(contentsOfFile: paths[0], encoding: .utf8)
        // A copy with a probe that writes the chart's laid-out size into the DOM (the report itself has no script).
        let probe = """
            <script>addEventListener('load', () => { const r = document.querySelector('.chart svg').getBoundingClientRect();
            document.body.setAttribute('data-chart', Math.round(r.width) + 'x' + Math.round(r.height)); });</script></body>
            """
        let probed = dir.appendingPathComponent("probe.html")
        try Data(html.replacingOccurrences(of: "</body>", with: probe).utf8).write(to: probed)

        // When chromium loads it
        let dom = try Self.run(["--virtual-time-budget=2000", "--dump-dom", probed.absoluteString])

        // Then every section is there and the chart has a real size
        #expect(dom.contains("<h2>Summary</h2>"))
        #expect(dom.contains("<h2>Memory</h2>"))
        let size = try #require(dom.firstRange(of: #/data-chart="(\d+)x(\d+)"/#), "no chart size in DOM")
        let match = try #require(dom[size].wholeMatch(of: #/data-chart="(\d+)x(\d+)"/#))
        #expect((Int(match.1) ?? 0) > 300)
        #expect((Int(match.2) ?? 0) > 150)

        // And a screenshot of the real report is a real picture
        let shot = dir.appendingPathComponent("shot.png")
        _ = try Self.run([
            "--screenshot=" + shot.path, "--window-size=1100,1400", URL(fileURLWithPath: paths[0]).absoluteString,
        ])
        let png = try Data(contentsOf: shot)
        #expect(png.count > 20_000)
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }
}
