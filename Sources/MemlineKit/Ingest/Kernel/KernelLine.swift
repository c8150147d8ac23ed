/// The prefix of one kernel log line, in the layouts `dmesg`, `journalctl -k` and syslog print, and where the
/// kernel's own message starts.
///
/// | layout | example | time |
/// |---|---|---|
/// | `dmesg` | `[  748.409768] ruby invoked oom-killer: …` | seconds since boot |
/// | `dmesg -r` | `<4>[  748.409768] …` | seconds since boot |
/// | `dmesg -x` | `kern  :warn  : [  748.409768] …` | seconds since boot |
/// | `dmesg -T` (also with `-x`) | `[Sun Nov 22 01:42:26 2026] …` | local wall clock, read in `--tz` |
/// | `journalctl -k` (short), syslog | `Nov 22 01:42:57 vm kernel: …` | no year: the file's year |
/// | `journalctl -k -o short-precise` | `Nov 22 01:42:57.074368 vm kernel: …` | as above, with µs |
/// | `journalctl -k -o short-iso`, rsyslog | `2026-11-22T01:42:57+0000 vm kernel: …` | absolute |
///
/// A syslog line of another program is not a kernel line (nil). Syslog kernel lines may still carry the
/// kernel's `[  748.409768] ` after `kernel: ` (rsyslog's imklog); it is read as `relativeSeconds`.
///
/// `dmesg -T` times are computed by dmesg from the boot time and can drift after a suspend (dmesg(1)); they are
/// the best the file offers.
struct KernelLine {
    var time: Timestamp?
    /// Seconds since boot, when the line prints them.
    var relativeSeconds: Double?
    var host: String?
    var messageStart: Int

    /// Reads the prefix of `u`; nil when it is not a kernel line in one of the layouts above.
    /// - Parameter year: the year of syslog times, which print none.
    init?(parsing u: UnsafeBufferPointer<UInt8>, zone: ZoneRule, year: Int) {
        time = nil
        relativeSeconds = nil
        host = nil
        messageStart = 0
        guard let first = u.first else { return nil }
        var i = 0
        if first == UInt8(ascii: "<") {
            // dmesg -r: <pri>
            i = 1
            while i < u.count, ASCIIScan.isDigit(u[i]) { i += 1 }
            guard i > 1, i < u.count, u[i] == UInt8(ascii: ">") else { return nil }
            i += 1
        } else if (first | 0x20) >= 97, (first | 0x20) <= 122, let start = KernelLine.dmesgFacility(u) {
            i = start
        } else if ASCIIScan.isDigit(first)
            || SyslogPrefix.month(first, u.count > 2 ? u[1] : 0, u.count > 2 ? u[2] : 0)
                != nil
        {
            guard parseSyslog(u, zone: zone, year: year) else { return nil }
            return
        }
        guard i < u.count, u[i] == UInt8(ascii: "[") else { return nil }
        guard let close = (i..<min(u.count, i + 40)).first(where: { u[$0] == UInt8(ascii: "]") }) else { return nil }
        let inside = ASCIIScan.trimmed(u, (i + 1)..<close)
        // The kernel prints seconds since boot with their microseconds (`%5lu.%06lu`): a bare `[4242]` is a pid
        // (Puma's `[4242] - Worker 0 (PID: 4250) booted`), not a kernel time.
        if inside.contains(where: { u[$0] == UInt8(ascii: ".") }), let seconds = ASCIIScan.double(u, inside) {
            relativeSeconds = seconds
        } else if let wall = KernelLine.wallClock(u, inside, zone: zone) {
            time = wall
        } else {
            return nil
        }
        messageStart = close + 1
        if messageStart < u.count, u[messageStart] == ASCIIScan.space { messageStart += 1 }
    }

    /// `kern  :warn  : ` (dmesg -x): where the rest starts.
    private static func dmesgFacility(_ u: UnsafeBufferPointer<UInt8>) -> Int? {
        var colons = 0
        var i = 0
        while i < u.count, i < 24 {
            if u[i] == UInt8(ascii: ":") {
                colons += 1
                if colons == 2 {
                    i += 1
                    while i < u.count, u[i] == ASCIIScan.space { i += 1 }
                    return i
                }
            } else if u[i] != ASCIIScan.space, (u[i] | 0x20) < 97 || (u[i] | 0x20) > 122 {
                return nil
            }
            i += 1
        }
        return nil
    }

    /// `Sun Nov 22 01:42:26 2026` (dmesg -T, ctime layout).
    private static func wallClock(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, zone: ZoneRule) -> Timestamp? {
        let fields = ASCIIScan.fields(UnsafeBufferPointer(rebasing: u[range]))
        let base = range.lowerBound
        guard fields.count == 5 else { return nil }
        let monthField = fields[1].lowerBound + base
        guard fields[1].count == 3, let month = SyslogPrefix.month(u[monthField], u[monthField + 1], u[monthField + 2]),
            let day = ASCIIScan.int(u, (fields[2].lowerBound + base)..<(fields[2].upperBound + base)),
            let year = ASCIIScan.int(u, (fields[4].lowerBound + base)..<(fields[4].upperBound + base))
        else { return nil }
        let clock = (fields[3].lowerBound + base)..<(fields[3].upperBound + base)
        guard clock.count == 8, let hour = ASCIIScan.int(u, clock.lowerBound..<clock.lowerBound + 2),
            let minute = ASCIIScan.int(u, clock.lowerBound + 3..<clock.lowerBound + 5),
            let second = ASCIIScan.int(u, clock.lowerBound + 6..<clock.lowerBound + 8)
        else { return nil }
        return Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second, zone: zone)
    }

    /// `Nov 22 01:42:57[.074368] host kernel: msg` or `2026-11-22T01:42:57+0000 host kernel: msg`.
    private mutating func parseSyslog(_ u: UnsafeBufferPointer<UInt8>, zone: ZoneRule, year: Int) -> Bool {
        var i: Int
        if ASCIIScan.isDigit(u[0]) {
            guard let (parsed, length) = Timestamp.parseISO(bytes: u, zone: zone), length > 10 else { return false }
            time = parsed
            i = length
        } else {
            guard u.count > 16, let month = SyslogPrefix.month(u[0], u[1], u[2]), u[3] == ASCIIScan.space else {
                return false
            }
            i = 4
            while i < u.count, u[i] == ASCIIScan.space { i += 1 }
            let dayStart = i
            while i < u.count, ASCIIScan.isDigit(u[i]) { i += 1 }
            guard let day = ASCIIScan.int(u, dayStart..<i), i + 9 <= u.count, u[i] == ASCIIScan.space,
                let hour = ASCIIScan.int(u, (i + 1)..<(i + 3)), let minute = ASCIIScan.int(u, (i + 4)..<(i + 6)),
                let second = ASCIIScan.int(u, (i + 7)..<(i + 9))
            else { return false }
            i += 9
            var millisecond = 0
            if i < u.count, u[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 100
                while i < u.count, ASCIIScan.isDigit(u[i]) {
                    millisecond += Int(u[i] &- 48) * scale
                    scale /= 10
                    i += 1
                }
            }
            time = Timestamp(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                millisecond: millisecond, zone: zone)
        }
        guard i < u.count, u[i] == ASCIIScan.space else { return false }
        i += 1
        let hostStart = i
        while i < u.count, u[i] != ASCIIScan.space { i += 1 }
        guard i > hostStart, i < u.count else { return false }
        host = ASCIIScan.string(u, hostStart..<i)
        i += 1
        guard ASCIIScan.hasPrefix(u, "kernel:", at: i) else { return false }
        i += 7
        if i < u.count, u[i] == ASCIIScan.space { i += 1 }
        // rsyslog's imklog keeps the kernel's own `[  748.409768] `.
        if i < u.count, u[i] == UInt8(ascii: "["),
            let close = (i..<min(u.count, i + 24)).first(where: { u[$0] == UInt8(ascii: "]") }),
            let seconds = ASCIIScan.double(u, ASCIIScan.trimmed(u, (i + 1)..<close))
        {
            relativeSeconds = seconds
            i = close + 1
            if i < u.count, u[i] == ASCIIScan.space { i += 1 }
        }
        messageStart = i
        return true
    }
}
