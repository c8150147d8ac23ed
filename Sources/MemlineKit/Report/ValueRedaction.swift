/// Leaves query strings out of text shown in a report unless `--include-values`.
///
/// Query strings and request parameters carry tokens, e-mail addresses and ids: postmortems travel further than
/// logs should. `/reports/12?token=abc` becomes `/reports/12?…`.
struct ValueRedaction {
    let includeValues: Bool

    func apply(_ text: String) -> String {
        guard !includeValues, text.contains("?") else { return text }
        var out = ""
        var inQuery = false
        var previous: Character = " "
        for c in text {
            if inQuery {
                if c.isWhitespace || c == "\"" || c == "'" || c == ")" || c == "]" || c == ">" {
                    inQuery = false
                    out.append(c)
                }
            } else if c == "?", previous != " ", looksLikeURL(out) {
                out += "?…"
                inQuery = true
            } else {
                out.append(c)
            }
            previous = c
        }
        return out
    }

    /// True when the word being written is a path or URL (`/x`, `https://…`).
    private func looksLikeURL(_ written: String) -> Bool {
        let word = written.split(whereSeparator: { $0.isWhitespace || $0 == "\"" || $0 == "'" }).last ?? ""
        return word.hasPrefix("/") || word.contains("://")
    }
}
