/// Neutralises terminal control characters from logs (ESC, BEL and the rest of C0 and C1) before they are shown.
///
/// A log line holding `ESC ]0;…BEL` or `ESC [2J` would retitle or clear the terminal of whoever runs `memline query`,
/// and is invalid in XML (the SVG chart). C0 characters and DEL become their Unicode control pictures (`␛`, `␇`,
/// `␡`), visible and harmless; C1 characters (U+0080–U+009F) become U+FFFD.
public enum ControlCharacters {
    /// `text` with every control character replaced.
    ///
    /// ```swift
    /// ControlCharacters.neutralised("a\u{1B}[2Jb", keepingLayout: true)  // "a␛[2Jb"
    /// ```
    /// - Parameters:
    ///   - text: text from an artifact.
    ///   - keepingLayout: keep newline, carriage return and tab as they are (whole reports, table output);
    ///     false turns them into spaces too (one-line contexts).
    /// - Returns: `text` unchanged when it holds no control character.
    public static func neutralised(_ text: String, keepingLayout: Bool) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x09: out.append(keepingLayout ? scalar : " ")
            case 0x00...0x1F: out.append(Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}")
            case 0x7F: out.append("\u{2421}")
            case 0x80...0x9F: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
