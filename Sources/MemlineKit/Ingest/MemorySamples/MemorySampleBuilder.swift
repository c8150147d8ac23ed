/// Collects the values of one CSV row or JSON object into an `RSSSample`, naming the column at fault.
struct MemorySampleBuilder {
    private var ts: Timestamp?
    private var rss: Double?
    private var pid: Int?
    private var process: String?
    private var host: String?
    private var vsz: Double?
    private var swap: Double?
    private var limit: Double?

    /// Sets `field` from its text (a CSV cell, a JSON string).
    /// - Parameters:
    ///   - label: how messages name the value: `column rss_kb`, `key rss_kb`.
    /// - Returns: nil, or why the value cannot be read ("column rss_kb: expected a number, got 'x'").
    mutating func set(_ field: MemorySampleField, label: String, text u: UnsafeBufferPointer<UInt8>, zone: ZoneRule)
        -> String?
    {
        let range = ASCIIScan.trimmed(u, 0..<u.count)
        if range.isEmpty { return nil }
        switch field {
        case .time:
            guard let t = MemorySampleBuilder.time(u, range, zone: zone) else {
                return "\(label): expected an ISO-8601 time or Unix seconds, got '\(shown(u, range))'"
            }
            ts = t
        case .pid:
            guard let p = ASCIIScan.int(u, range), p >= 0 else {
                return "\(label): expected a process id, got '\(shown(u, range))'"
            }
            pid = p
        case .process:
            process = ASCIIScan.string(u, range)
        case .host:
            host = ASCIIScan.string(u, range)
        case .rss(let kib), .vsz(let kib), .swap(let kib), .limit(let kib):
            guard let value = ASCIIScan.double(u, range), value >= 0 else {
                return "\(label): expected a non-negative number, got '\(shown(u, range))'"
            }
            return setMemory(field, value * kib)
        }
        return nil
    }

    /// Sets `field` from a JSON number.
    mutating func set(_ field: MemorySampleField, label: String, number: Double) -> String? {
        switch field {
        case .time:
            guard let t = MemorySampleBuilder.epoch(number) else {
                return "\(label): expected Unix seconds, got \(number)"
            }
            ts = t
        case .pid:
            guard number >= 0, number == number.rounded(), number < 1e12 else {
                return "\(label): expected a process id, got \(number)"
            }
            pid = Int(number)
        case .process:
            process = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .host:
            host = String(number)
        case .rss(let kib), .vsz(let kib), .swap(let kib), .limit(let kib):
            guard number >= 0 else { return "\(label): expected a non-negative number, got \(number)" }
            return setMemory(field, number * kib)
        }
        return nil
    }

    private mutating func setMemory(_ field: MemorySampleField, _ kib: Double) -> String? {
        switch field {
        case .rss: rss = kib
        case .vsz: vsz = kib
        case .swap: swap = kib
        case .limit: limit = kib
        default: break
        }
        return nil
    }

    /// An event at the time read, of the pid, process and host read (a sampler's own line saying a process started
    /// or ended); nil without a time.
    func event(line: Int, kind: String, message: String, host fallbackHost: String?) -> Event? {
        guard let ts else { return nil }
        return Event(
            line: line, ts: ts, host: host ?? fallbackHost, pid: pid, process: process, kind: kind, message: message)
    }

    /// The sample, or why there is none (a required value is missing).
    /// - Parameter fallbackPID: the process a sample that names none belongs to (`ParseContext.pid`,
    ///   `IncidentProcess`).
    func build(line: Int, timeLabel: String, rssLabel: String, host fallbackHost: String?, pid fallbackPID: Int?)
        -> Result<RSSSample, Problem>
    {
        guard let ts else {
            return .failure(Problem(reason: "\(timeLabel): missing or empty; every sample needs a time"))
        }
        guard let rss else {
            return .failure(Problem(reason: "\(rssLabel): missing or empty; every sample needs an RSS"))
        }
        return .success(
            RSSSample(
                line: line, ts: ts, host: fallbackHost ?? host, pid: pid ?? (process == nil ? fallbackPID : nil),
                process: process, rssKB: rss, vszKB: vsz,
                swapKB: swap, limitKB: limit))
    }

    struct Problem: Error {
        let reason: String
    }

    /// ISO-8601 (`2026-11-22T01:38:20.5+09:00`, no offset → `zone`) or Unix seconds (`1795311506.5`).
    ///
    /// A bare number of 12 digits or more is taken as Unix milliseconds (seconds would be past year 5000).
    static func time(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, zone: ZoneRule) -> Timestamp? {
        if let seconds = ASCIIScan.double(u, range) { return epoch(seconds) }
        let slice = UnsafeBufferPointer(rebasing: u[range])
        guard let (ts, length) = Timestamp.parseISO(bytes: slice, zone: zone), length == slice.count else { return nil }
        return ts
    }

    static func epoch(_ value: Double) -> Timestamp? {
        guard value.isFinite, value >= 0 else { return nil }
        return value >= 1e11 ? Timestamp(checkedMilliseconds: value) : Timestamp(checkedSeconds: value)
    }

    private func shown(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(ASCIIScan.string(u, range).prefix(60))
    }
}
