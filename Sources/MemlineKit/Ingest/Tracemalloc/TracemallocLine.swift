import Foundation

/// One statistic of a Python `tracemalloc` snapshot as Python prints it (`str(Statistic)`, `str(StatisticDiff)`).
///
/// `/srv/app/app.py:73: size=16.1 MiB, count=277, average=59.4 KiB` from `snapshot.statistics("lineno")`, and
/// `app.py:73: size=32.8 MiB (+16.7 MiB), count=575 (+298), average=58.4 KiB` from `snapshot.compare_to(…)`: the
/// size and count are the snapshot's, the signed figures the change since the older one. The site is the frame's
/// `file:line` (`<frozen importlib._bootstrap>:241` for a frozen module).
struct TracemallocLine: Equatable {
    var file: String
    var line: Int
    var bytes: Int
    var count: Int

    /// The site as a profile frame names it: `file:line`, a frozen module's angle brackets dropped.
    var site: String {
        let name = file.hasPrefix("<") && file.hasSuffix(">") ? String(file.dropFirst().dropLast()) : file
        return "\(name):\(line)"
    }

    /// The statistic `text` holds, or nil when it is not one.
    init?(_ text: Substring) {
        guard let sizeMark = text.range(of: ": size=") else { return nil }
        let head = text[..<sizeMark.lowerBound]
        guard let colon = head.lastIndex(of: ":"), let line = Int(head[head.index(after: colon)...]), line >= 0
        else { return nil }
        let file = head[..<colon]
        guard !file.isEmpty, !file.hasPrefix(" ") else { return nil }
        var rest = text[sizeMark.upperBound...]
        guard let bytes = Self.size(&rest), rest.hasPrefix(", count=") else { return nil }
        rest = rest.dropFirst(", count=".count)
        let digits = rest.prefix(while: \.isNumber)
        guard let count = Int(digits) else { return nil }
        self.file = String(file)
        self.line = line
        self.bytes = bytes
        self.count = count
    }

    /// `16.1 MiB`, `5922 B`, with an optional ` (+16.7 MiB)` after it, read off the front of `rest`.
    private static func size(_ rest: inout Substring) -> Int? {
        let number = rest.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(number) else { return nil }
        rest = rest.dropFirst(number.count)
        guard rest.hasPrefix(" ") else { return nil }
        rest = rest.dropFirst()
        let unit = rest.prefix { $0.isLetter }
        guard let scale = units[String(unit)] else { return nil }
        rest = rest.dropFirst(unit.count)
        if rest.hasPrefix(" ("), let close = rest.firstIndex(of: ")") { rest = rest[rest.index(after: close)...] }
        return Int((value * scale).rounded())
    }

    /// tracemalloc's `_format_size` units.
    private static let units: [String: Double] = [
        "B": 1, "KiB": 1024, "MiB": 1024 * 1024, "GiB": 1024 * 1024 * 1024, "TiB": 1024 * 1024 * 1024 * 1024,
    ]
}
