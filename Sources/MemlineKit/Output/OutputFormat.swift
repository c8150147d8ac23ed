/// The shapes `memline` prints rows in: aligned for terminals, or for pasting elsewhere.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, json, markdown
}
