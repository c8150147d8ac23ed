import Foundation

/// Writes a rendered report into a directory: `report.md` + `memory.svg`, and/or `report.html`.
public struct ReportWriter: Sendable {
    public enum Format: String, Sendable, CaseIterable { case md, html, both }

    public let templates: ReportTemplates

    public init(templates: ReportTemplates) { self.templates = templates }

    /// - Returns: the paths written, Markdown first.
    @discardableResult
    public func write(_ model: ReportModel, to directory: String, format: Format) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError.unwritable(path: directory, reason: error.localizedDescription)
        }
        var written: [String] = []
        func put(_ name: String, _ text: String) throws {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                // Control characters from logs, whatever field they came through, never reach a viewer.
                let safe = ControlCharacters.neutralised(text, keepingLayout: true)
                try Data(safe.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw ReportError.unwritable(path: path, reason: error.localizedDescription)
            }
            written.append(path)
        }
        if format != .html {
            try put("report.md", try templates.render(model, template: "report.md"))
            if model.hasMemory { try put(model.chartFile, model.chartSVG) }
        }
        if format != .md {
            try put("report.html", try templates.render(model, template: "report.html"))
        }
        return written
    }
}
