/// The BSD syslog prefix that Rails logs sent through syslog carry: `Jun 18 11:27:37 derek rails[67783]: `.
///
/// The time has no year and no zone: `date(year:zone:)` supplies them. The program may be followed by a
/// space before its `[pid]` (`app_p [1957]:`), and the `[pid]` may be missing (`host prog: msg`).
struct SyslogPrefix {
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var hostRange: Range<Int>
    var pid: Int?
    /// Where the message starts.
    var messageStart: Int

    /// Reads the prefix at the start of `u`, or nil when the line has none.
    init?(parsing u: UnsafeBufferPointer<UInt8>) {
        guard u.count >= 20, let month = SyslogPrefix.month(u[0], u[1], u[2]), u[3] == 0x20 else { return nil }
        var s = ByteScanner(u, at: 4)
        s.skipSpaces()
        guard let day = s.readInt(), (1...31).contains(day), s.skip(byte: 0x20),
            let hour = s.readInt(), s.skip(byte: UInt8(ascii: ":")), let minute = s.readInt(),
            s.skip(byte: UInt8(ascii: ":")), let second = s.readInt(), s.skip(byte: 0x20),
            hour < 24, minute < 60, second < 61
        else { return nil }
        let hostStart = s.position
        while let c = s.current, c != 0x20 { s.position += 1 }
        let hostEnd = s.position
        guard hostEnd > hostStart, s.skip(byte: 0x20) else { return nil }
        // The program (tag) runs to '[' or ':'; allow one space before '['.
        let tagStart = s.position
        while let c = s.current, c != UInt8(ascii: "["), c != UInt8(ascii: ":"), s.position - tagStart < 64 {
            if c == 0x20 {
                guard s.position + 1 < u.count, u[s.position + 1] == UInt8(ascii: "[") else { return nil }
            }
            s.position += 1
        }
        guard s.position > tagStart else { return nil }
        var pid: Int?
        if s.skip(byte: UInt8(ascii: "[")) {
            pid = s.readInt()
            guard s.skip(byte: UInt8(ascii: "]")) else { return nil }
        }
        guard s.skip(byte: UInt8(ascii: ":")) else { return nil }
        _ = s.skip(byte: 0x20)
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.hostRange = hostStart..<hostEnd
        self.pid = pid
        self.messageStart = s.position
    }

    /// The instant of the prefix in `year`, read in `zone`.
    func timestamp(year: Int, zone: ZoneRule) -> Timestamp {
        Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second, zone: zone)
    }

    /// The month of `Dec`: a capital first letter, as syslog prints it.
    static func month(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        guard a >= UInt8(ascii: "A"), a <= UInt8(ascii: "Z") else { return nil }
        return MonthName.number(a, b, c)
    }
}
