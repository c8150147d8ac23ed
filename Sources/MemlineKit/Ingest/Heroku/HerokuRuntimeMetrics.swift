/// One log-runtime-metrics memory line: `source=web.1 dyno=heroku.2808254.d97d0ea7-… sample#memory_total=596.50MB
/// sample#memory_rss=512.00MB sample#memory_cache=2.69MB sample#memory_swap=84.50MB sample#memory_pgpgin=184915pages
/// sample#memory_pgpgout=149125pages sample#memory_quota=512.00MB` (https://devcenter.heroku.com/articles/log-runtime-metrics;
/// `memory_quota` appeared later than the rest, so it may be missing).
///
/// **Units.** Heroku prints MB with two decimals. Its quota for a 512 MB dyno is the 512 MiB memory cgroup
/// limit, so MB is read as MiB: 1 MB = 1024 KiB, converted exactly (`511.18MB` → 523448.32 KiB, one
/// rounding). `GB` and `kB` are read the same binary way, should they appear.
///
/// **What is RSS.** `memory_total` is RSS plus swap, and it is what R14 compares with the quota: when a dyno
/// swaps, `memory_rss` stays at about the quota while `memory_total` keeps growing. So the sample stores
/// `rss_kb` = memory_rss, `swap_kb` = memory_swap and `limit_kb` = memory_quota, and `rss_kb + swap_kb` is
/// Heroku's total (the `v_memory_total` view adds them up).
struct HerokuRuntimeMetrics {
    /// `source=`: the dyno name (`web.1`).
    var source: String?
    /// `dyno=`: the id of this run of the dyno (`heroku.2808254.d97d0ea7-…`), new at every restart.
    var dynoID: String?
    var totalKB: Double?
    var rssKB: Double?
    var cacheKB: Double?
    var swapKB: Double?
    var quotaKB: Double?

    /// Reads the metrics message at `start`; nil when it is not a memory sample (a load-average line, say).
    init?(_ u: UnsafeBufferPointer<UInt8>, from start: Int) {
        guard ASCIIScan.hasPrefix(u, "source=", at: start) else { return nil }
        var sawMemory = false
        LogfmtScanner.forEachPair(u, from: start) { key, value in
            if ASCIIScan.hasPrefix(u, "sample#memory_", at: key.lowerBound) {
                sawMemory = true
                let name = key.lowerBound + 14..<key.upperBound
                let kb = HerokuRuntimeMetrics.kibibytes(u, value)
                if ASCIIScan.equalsIgnoringCase(u, name, "total") {
                    totalKB = kb
                } else if ASCIIScan.equalsIgnoringCase(u, name, "rss") {
                    rssKB = kb
                } else if ASCIIScan.equalsIgnoringCase(u, name, "cache") {
                    cacheKB = kb
                } else if ASCIIScan.equalsIgnoringCase(u, name, "swap") {
                    swapKB = kb
                } else if ASCIIScan.equalsIgnoringCase(u, name, "quota") {
                    quotaKB = kb
                }
            } else if ASCIIScan.equalsIgnoringCase(u, key, "source") {
                source = ASCIIScan.string(u, value)
            } else if ASCIIScan.equalsIgnoringCase(u, key, "dyno") {
                dynoID = ASCIIScan.string(u, value)
            }
        }
        guard sawMemory else { return nil }
    }

    /// `511.18MB` in KiB, exactly: the decimal digits times 1024 over a power of ten, rounded once.
    /// nil for another unit (`pages`) or an unreadable number.
    static func kibibytes(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var i = range.lowerBound
        var mantissa: Int64 = 0
        var scale: Int64 = 1
        var sawDot = false
        var digits = 0
        while i < range.upperBound {
            let c = u[i]
            if ASCIIScan.isDigit(c) {
                guard digits < 15 else { return nil }
                mantissa = mantissa * 10 + Int64(c &- 48)
                digits += 1
                if sawDot { scale *= 10 }
            } else if c == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        let unit = i..<range.upperBound
        let factor: Int64
        if ASCIIScan.equalsIgnoringCase(u, unit, "MB") {
            factor = 1024
        } else if ASCIIScan.equalsIgnoringCase(u, unit, "GB") {
            factor = 1024 * 1024
        } else if ASCIIScan.equalsIgnoringCase(u, unit, "kB") {
            factor = 1
        } else {
            return nil
        }
        return Double(mantissa * factor) / Double(scale)
    }

    /// The sample, or nil without `memory_rss` (the one figure every version prints).
    func sample(line: Int, time: Timestamp, host: String?) -> RSSSample? {
        guard let rssKB else { return nil }
        return RSSSample(
            line: line, ts: time, host: host ?? source, process: dynoID, rssKB: rssKB, swapKB: swapKB,
            limitKB: quotaKB)
    }
}
