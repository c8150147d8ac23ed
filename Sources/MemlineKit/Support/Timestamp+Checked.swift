extension Timestamp {
    /// The instants memline stores: years 0001 to 9999, as ISO-8601 text can write them.
    static let storableMilliseconds: ClosedRange<Int64> = -62_135_596_800_000...253_402_300_799_999

    /// An instant from parsed milliseconds since 1970, or nil when not finite or outside years 0001–9999.
    init?(checkedMilliseconds value: Double) {
        guard let ms = value.checkedInt64, Self.storableMilliseconds.contains(ms) else { return nil }
        self.init(milliseconds: ms)
    }

    /// An instant from parsed seconds since 1970, or nil when not finite or outside years 0001–9999.
    init?(checkedSeconds value: Double) {
        self.init(checkedMilliseconds: value * 1000)
    }

    /// The instant `delta` milliseconds later, or nil when it leaves years 0001–9999.
    func adding(checkedMilliseconds delta: Double) -> Timestamp? {
        guard let d = delta.checkedInt64 else { return nil }
        let (sum, overflow) = milliseconds.addingReportingOverflow(d)
        guard !overflow, Self.storableMilliseconds.contains(sum) else { return nil }
        return Timestamp(milliseconds: sum)
    }

    /// Why a parsed time cannot be stored, for a skipped line's reason.
    static func outOfRangeReason(_ text: some StringProtocol) -> String {
        "time '\(text.prefix(40))' is out of range (years 0001 to 9999)"
    }
}
