import Foundation
import Mustache

/// The report templates: the embedded defaults, optionally overridden from a directory.
public struct ReportTemplates: Sendable {
    /// Template names and their embedded text. Names are file names without `.mustache`.
    static let embedded: [(name: String, text: [UInt8])] = [
        ("report.md", PackageResources.report_md_mustache),
        ("report.html", PackageResources.report_html_mustache),
    ]

    let library: MustacheLibrary

    /// The built-in templates, with any `*.mustache` file in `directory` replacing the one of the same name
    /// (or adding a partial).
    /// - Throws: `ReportError.template` with the file, line and column of a syntax error.
    public init(overrides directory: String? = nil) throws {
        MarkdownContentType.registerOnce
        var library = MustacheLibrary()
        var sources: [(String, String)] = Self.embedded.map { ($0.name, String(decoding: $0.text, as: UTF8.self)) }
        if let directory {
            let files: [String]
            do {
                files = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
                    $0.hasSuffix(".mustache")
                }
            } catch {
                throw ReportError.template(
                    name: directory, message: "cannot list the templates directory: \(error.localizedDescription)")
            }
            for file in files.sorted() {
                let path = (directory as NSString).appendingPathComponent(file)
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ReportError.template(name: path, message: "cannot read the file")
                }
                let name = String(file.dropLast(".mustache".count))
                sources.removeAll { $0.0 == name }
                sources.append((name, String(decoding: data, as: UTF8.self)))
            }
        }
        for (name, text) in sources {
            do {
                try library.register(text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw ReportError.template(
                    name: name,
                    message: "line \(error.context.lineNumber), column \(error.context.columnNumber): \(error.error) "
                        + "near \"\(error.context.line.trimmingCharacters(in: .whitespaces))\"")
            } catch {
                throw ReportError.template(name: name, message: "\(error)")
            }
        }
        self.library = library
    }

    /// Renders `model` with the template `name` (`report.md`, `report.html`).
    public func render(_ model: ReportModel, template name: String) throws -> String {
        guard let text = library.render(model, withTemplate: name) else {
            throw ReportError.template(name: name, message: "no such template")
        }
        return text
    }
}

/// Escapes `{{value}}` for Markdown in templates that declare `{{% CONTENT_TYPE: MARKDOWN}}`.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkdownText.escape(text) }

    /// Registers the content type with swift-mustache the first time it is needed.
    static let registerOnce: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
    }()
}
