/// The UTC offsets of the zone abbreviations `date` prints (`%Z`) that name one offset only.
///
/// `AEST` is +10:00 wherever it is printed; `CST` (US Central, China, Cuba), `IST` (India, Ireland, Israel) and
/// `BST` (British summer, Bangladesh) are not in the table: a time with one of those is read in `--tz`. glibc prints
/// a zone without an abbreviation as its offset (`-03`, `+0530`), which is read as that offset.
enum ZoneAbbreviation {
    /// The offset in seconds east of UTC, or nil when the abbreviation is unknown or ambiguous.
    static func offset(_ name: some StringProtocol) -> Int? {
        if let numeric = ZoneRule.parseOffset(name) { return numeric }
        return table[String(name)].map { Int($0 * 3600) }
    }

    /// The fixed zone the abbreviation names, or nil when it is unknown or ambiguous.
    static func rule(_ name: some StringProtocol) -> ZoneRule? { offset(name).map { .fixed(seconds: $0) } }

    private static let table: [String: Double] = [
        "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
        "SAST": 2, "EAT": 3, "WAT": 1, "PKT": 5, "NPT": 5.75, "ICT": 7, "WIB": 7, "HKT": 8, "SGT": 8, "PHT": 8,
        "AWST": 8, "JST": 9, "KST": 9, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
        "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8,
        "HST": -10, "NST": -3.5, "NDT": -2.5, "AST": -4, "ADT": -3, "BRT": -3, "ART": -3,
    ]
}
