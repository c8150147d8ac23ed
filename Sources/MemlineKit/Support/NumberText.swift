import Foundation

// Numbers written the same way by the analysis (its sentences, the JSON it stores) and by the views.

/// Thousands grouped with commas, as the report groups them (`12,345`, `-1,024`).
func formatCount(_ n: Int) -> String {
    guard n >= 0 else { return "-" + formatCount(n == Int.min ? Int.max : -n) }
    let digits = String(n)
    var out = ""
    for (i, c) in digits.reversed().enumerated() {
        if i > 0, i % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return String(out.reversed())
}

/// A number as memline writes it in JSON: a whole value as an integer, any other with three decimals.
func formatJSONNumber(_ v: Double) -> String {
    v.rounded() == v && abs(v) < 9e15 ? String(Int64(v)) : String(format: "%.3f", v)
}
