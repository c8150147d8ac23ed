import Foundation

/// Makes untrusted text (URLs, log messages, class names) safe inside GitHub-flavoured Markdown.
///
/// Text from artifacts can hold `|`, `[link](…)`, `<script>`, backticks or newlines. Escaped,
/// it stays literal: it cannot break a table row, open a link, raw HTML or a code block.
enum MarkdownText {
    private static let punctuation: Set<Character> = [
        "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "!", "|", "~", "<", ">", "&", "$",
    ]

    /// Backslash-escapes Markdown punctuation and flattens newlines; `<`, `>` and `&` become entities.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\r\n", "\t": out += " "
            default:
                if punctuation.contains(c) { out.append("\\") }
                out.append(c)
            }
        }
        return out
    }

    /// Text for a Mermaid `timeline` line: no colons, no newlines, no fences, no HTML.
    static func mermaid(_ text: String) -> String {
        var out = ""
        for c in text.prefix(80) {
            switch c {
            case ":": out += "∶"
            case "\n", "\r", "\r\n", "\t": out += " "
            case "`", "<", ">", "#", ";", "{", "}", "\"", "[", "]", "(", ")", "|", "%": out += " "
            default: out.append(c)
            }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// SQL inside a fenced block: a fence inside it is broken so the block cannot end early.
    static func codeBlock(_ text: String) -> String {
        text.replacingOccurrences(of: "```", with: "`\u{200B}``")
    }
}
