import Foundation

/// Literals for the SQL the analysis writes into `suspects.sql` (shown to people, run by `memline query`).
enum SQLText {
    static func literal(_ s: String?) -> String {
        guard let s else { return "NULL" }
        return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func list(_ values: [Int]) -> String { "(" + values.map(String.init).joined(separator: ", ") + ")" }
}
