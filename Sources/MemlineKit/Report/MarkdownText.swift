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
        for c in ControlCharacters.neutralised(text, keepingLayout: true) {
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

    /// Text for a Mermaid `timeline` line, whole: what Mermaid's grammar gives a meaning is written as an entity code.
    ///
    /// Mermaid turns `#58;`-style codes into the characters before it parses (`encodeEntities`) and back when it
    /// draws, so the rendered line reads as the table does. A timeline's period may not hold `#`, `:` or `;`, an
    /// event may not hold `: ` (the separator), `%%` starts a comment anywhere, `<`, `>`, `&` would be HTML, and `[…](…)` reads as a link.
    /// Newlines and tabs become spaces; other control characters are neutralised (`ControlCharacters`).
    static func mermaid(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for c in ControlCharacters.neutralised(text, keepingLayout: false) {
            switch c {
            case ":": out += "#58;"
            case "#": out += "#35;"
            case ";": out += "#59;"
            case "%": out += "#37;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "`": out += "#96;"
            case "\"": out += "#quot;"
            case "{": out += "#123;"
            case "}": out += "#125;"
            case "[": out += "#91;"  // no link syntax, even inside the code block
            case "]": out += "#93;"
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
