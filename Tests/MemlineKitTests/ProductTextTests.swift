import Foundation
import Testing

/// Text a user reads (help, reasons, reports, README, docs) names practices, never documents the user never saw.
struct ProductTextTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every text file under the folders that ship to users.
    static func productFiles() throws -> [URL] {
        var files = [root.appendingPathComponent("README.md")]
        for folder in ["Sources", "docs", "Templates", "Migrations"] {
            let enumerator = FileManager.default.enumerator(
                at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if ["swift", "md", "mustache", "sql"].contains(url.pathExtension) { files.append(url) }
            }
        }
        return files
    }

    @Test func productTextCitesNoSeedsIssuesOrFilesOutsideTheRepository() throws {
        // Given every source, doc and template file
        let patterns = [
            #"(?i)\bseeds?[ -]?0\d\d"#, #"(?i)\bthe seed's\b"#, #"(?i)\bissue \d+"#, #"shared/samples"#,
            #"TOOLCHAIN\.md"#, #"MISSION\.md"#, #"STYLE\.md"#,
        ]
        var hits: [String] = []
        for file in try Self.productFiles() {
            let text = try String(contentsOf: file, encoding: .utf8)
            // When searched for citations of internal documents
            for pattern in patterns where text.range(of: pattern, options: .regularExpression) != nil {
                hits.append("\(file.lastPathComponent): \(pattern)")
            }
        }
        // Then none is found
        #expect(hits.isEmpty, "\(hits)")
    }
}
