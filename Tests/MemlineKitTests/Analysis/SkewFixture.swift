import Foundation

@testable import MemlineKit

/// Real logs with a clock moved by a known amount, written to a scratch directory: the Heroku router lines and
/// the app's Rails lines of one sample (`Fixtures/skew/`), and a recorded incident's pidstat.
enum SkewFixture {
    /// `Fixtures/skew/production.log` with every Ruby Logger time moved by `seconds` (no midnight in the sample).
    static func railsLog(shiftedBy seconds: Double) throws -> String {
        try Fixtures.lines("skew/production.log").map { line in
            shiftTime(in: line.text, from: "I, [".count, length: "2024-03-12T09:01:56.920646".count, by: seconds)
        }.joined(separator: "\n") + "\n"
    }

    /// A recorded incident's pidstat (`S_TIME_FORMAT=ISO`, times at the line start) with its clock moved.
    static func pidstat(_ scenario: String, shiftedBy seconds: Double) throws -> String {
        try Fixtures.lines(Fixtures.incident(scenario, "pidstat.txt.gz")).map { line in
            let t = line.text
            guard t.count > 8, t.prefix(8).allSatisfy({ $0.isNumber || $0 == ":" }) else { return t }
            return shiftTime(in: t, from: 0, length: 8, by: seconds)
        }.joined(separator: "\n") + "\n"
    }

    /// Writes `text` as `name` in `dir` and returns its path.
    static func write(_ text: String, as name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Moves the `HH:MM:SS[.ffffff]` clock that ends the `length` characters at `from` (a date may precede it).
    private static func shiftTime(in line: String, from: Int, length: Int, by seconds: Double) -> String {
        var chars = Array(line)
        guard chars.count >= from + length else { return line }
        let field = String(chars[from..<(from + length)])
        guard let colon = field.firstIndex(of: ":") else { return line }
        let clockStart = field.distance(from: field.startIndex, to: colon) - 2
        let clock = field.dropFirst(clockStart)
        let parts = clock.split(separator: ":")
        guard parts.count == 3, let h = Double(parts[0]), let m = Double(parts[1]), let s = Double(parts[2]) else {
            return line
        }
        let fraction = parts[2].split(separator: ".").dropFirst().first?.count ?? 0
        let total = h * 3600 + m * 60 + s + seconds
        precondition(total >= 0 && total < 86400, "the shift crosses midnight")
        let scale = pow(10.0, Double(fraction))
        let units = (total * scale).rounded()
        let whole = Int(units / scale)
        var text = String(format: "%02d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
        if fraction > 0 {
            let frac = Int(units) - whole * Int(scale)
            let digits = String(frac)
            text += "." + String(repeating: "0", count: fraction - digits.count) + digits
        }
        chars.replaceSubrange((from + clockStart)..<(from + length), with: Array(text))
        return String(chars)
    }
}
