extension ArtifactFormat {
    /// `pidstat -r` text reports (sysstat): RSS, VSZ, page faults and %MEM per process per interval.
    public static let pidstat = ArtifactFormat(
        name: "pidstat",
        summary: "pidstat -r reports (sysstat): RSS/VSZ per process per interval; date and host from the "
            + "banner, times read in --tz, midnight roll-over",
        example: "01:38:20        0         2    771.00      0.00   27768   21596   0.09  python3",
        detect: detectPidstat,
        makeParser: { PidstatParser(context: $0) }
    )

    /// Claims a head holding a pidstat header with an `RSS` column; the `Linux … (host)` banner adds certainty.
    ///
    /// A report without memory columns (`pidstat -u`, `sar`) is not claimed: it holds no RSS samples.
    @Sendable static func detectPidstat(head: [String]) -> Int {
        var banner = false
        var memoryHeader = false
        for text in head {
            if text.hasPrefix("Linux "),
                text.contains("CPU)") || text.contains("_x86_64_") || text.contains("_aarch64_")
            {
                banner = true
                continue
            }
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.contains("RSS"), words.contains("PID") || words.contains("TGID") else { continue }
            if words.first.map({ $0 == "#" || $0.utf8.count == 8 && $0.utf8.dropFirst(2).first == UInt8(ascii: ":") })
                ?? false
            {
                memoryHeader = true
            }
        }
        guard memoryHeader else { return 0 }
        return banner ? 80 : 45
    }
}
