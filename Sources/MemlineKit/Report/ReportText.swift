/// Caps text from artifacts where the report prints it, so one 16 MB URL cannot become a 16 MB report.
enum ReportText {
    /// Characters a report cell or timeline line shows of one value.
    static let cellLimit = 500

    /// `text` when it fits, else its first `limit` characters and a note of how many were left out (the database
    /// keeps up to 64 KiB of each value, see `SQLiteBinder.maxTextBytes`).
    static func capped(_ text: String, limit: Int = cellLimit) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count - limit) more characters in the database)"
    }
}
