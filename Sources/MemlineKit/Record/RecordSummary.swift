import Foundation

/// What a recording stored, for the line printed when it ends.
public struct RecordSummary: Sendable, Equatable {
    /// Why it ended.
    public enum Ending: String, Sendable {
        case duration, signal
        case allExited = "all processes exited"
        case cgroupGone = "cgroup gone"
    }

    public var target: RecordTarget
    public var artifactID: Int64?
    public var intervals: Int
    public var samples: Int
    public var events: [String: Int]
    public var seconds: Double
    /// CPU the recorder spent from its first sample to its end (start-up excluded), and its peak RSS.
    public var cpu: ProcessCPU
    public var ending: Ending
    /// Intervals written late, together with later ones, because another process held the write lock.
    public var delayedIntervals = 0

    /// One line: `record --match puma: 20 intervals, 60 samples, 1 start, 1 exit in 19.0 s (artifact 3); …`.
    public var oneLine: String {
        let eventText = events.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        let counts = (["\(intervals) intervals", "\(samples) samples"] + eventText).joined(separator: ", ")
        let stored = artifactID.map { " (artifact \($0))" } ?? " (not stored)"
        let share = seconds > 0 ? cpu.seconds / seconds * 100 : 0
        let peak = cpu.peakRSSKB.map { ", peak RSS \(MemoryText.mb($0))" } ?? ""
        let late = delayedIntervals > 0 ? "; \(delayedIntervals) intervals written late (database busy)" : ""
        return "record \(target.description): \(counts) in \(String(format: "%.1f", seconds)) s\(stored)\(late); "
            + "ended by \(ending.rawValue); recorder CPU \(String(format: "%.2f", cpu.seconds)) s "
            + "(\(String(format: "%.2f", share))% of one core)\(peak)"
    }
}
