import Foundation

/// Rows from a query, as plain values ready to print.
public struct QueryResult: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob(Int)

        /// The cell as people read it: integers plain, reals without float noise, NULL as empty.
        public var display: String {
            switch self {
            case .null: return ""
            case .integer(let i): return String(i)
            case .real(let d):
                if d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
                var text = String(format: "%.6f", d)
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
                return text
            case .text(let s): return s
            case .blob(let n): return "<\(n) bytes>"
            }
        }
    }

    public var columns: [String]
    public var rows: [[Cell]]

    public init(columns: [String], rows: [[Cell]]) {
        self.columns = columns
        self.rows = rows
    }
}
