extension SymbolizeSummary {
    /// The run in one line, for the terminal: frames named, offsets looked up, files read and not readable.
    public var oneLine: String {
        var text = "\(profiles) profile(s): \(framesNamed) of \(frames) frames named with \(tool)"
        text += " (\(lookups) offsets: \(cached) cached, \(resolved) named now) from \(files.count) file(s)"
        if !missingFiles.isEmpty {
            text += "; not readable here: \(missingFiles.prefix(5).joined(separator: ", "))"
            if missingFiles.count > 5 { text += " and \(missingFiles.count - 5) more" }
        }
        return text
    }
}
