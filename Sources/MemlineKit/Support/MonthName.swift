/// English month abbreviations as logs print them (`Dec` in syslog, `date` and OTP's report headers, `dec` in
/// some access logs): one lookup for every reader.
enum MonthName {
    /// 1…12 for the three letters (any case), else nil.
    static func number(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        let key = (Int(a | 0x20) << 16) | (Int(b | 0x20) << 8) | Int(c | 0x20)
        return keys.firstIndex(of: key).map { $0 + 1 }
    }

    /// 1…12 for a three-letter abbreviation (any case), else nil.
    static func number(_ name: some StringProtocol) -> Int? {
        let u = Array(name.utf8)
        guard u.count == 3 else { return nil }
        return number(u[0], u[1], u[2])
    }

    /// 1…12 for a capitalised month name written as people write it in notes (`Dec`, `December`), else nil.
    static func written(_ word: some StringProtocol) -> Int? {
        guard word.first?.isUppercase == true, word.count == 3 || fullNames.contains(word.lowercased()) else {
            return nil
        }
        return number(word.prefix(3))
    }

    private static let fullNames: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    private static let keys: [Int] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .map { name in name.utf8.reduce(0) { ($0 << 8) | Int($1) } }
}
