import Foundation

/// The CPU time and peak memory of the current process, from `/proc/self/stat` and `/proc/self/status`.
public struct ProcessCPU: Sendable, Equatable {
    /// User plus system CPU time, seconds.
    public var seconds: Double
    /// Peak resident memory (VmHWM), KiB.
    public var peakRSSKB: Int?

    /// Reads the current process's figures; zero CPU when `/proc` cannot be read.
    public static func current() -> ProcessCPU {
        let reader = ProcFileReader(capacity: 4096)
        let hwm = reader.text("/proc/self/status").flatMap { ProcKeyValues($0).number("VmHWM") }
        guard let stat = reader.text("/proc/self/stat") else { return ProcessCPU(seconds: 0, peakRSSKB: hwm) }
        let ticks = Int(sysconf(Int32(_SC_CLK_TCK)))
        return ProcessCPU(seconds: cpuSeconds(stat: stat, ticksPerSecond: ticks), peakRSSKB: hwm)
    }

    /// utime + stime (fields 14 and 15) of a `/proc/PID/stat` line, in seconds.
    ///
    /// Fields are counted after the last `)`, since the command name in field 2 may hold spaces.
    static func cpuSeconds(stat: String, ticksPerSecond: Int) -> Double {
        guard let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]), ticksPerSecond > 0 else {
            return 0
        }
        return Double(user + system) / Double(ticksPerSecond)
    }
}
