import Foundation

/// The compact table `memline record --print` shows after each interval.
///
/// ```
/// 2026-11-22 01:38:21Z  --match worker  2 processes, 1 start, 0 exits
///     PID  NAME               RSS MB     Δ MB  SWAP MB
///    4242  python3              63.5    +12.3      0.0
/// ```
public enum LiveTable {
    /// Renders the processes (or the cgroup) the recorder follows after `batch`.
    public static func render(_ recorder: Recorder, after batch: RecordBatch) -> String {
        let time = batch.ts.iso8601
        let clock = time.count >= 19 ? String(time.prefix(19)).replacingOccurrences(of: "T", with: " ") + "Z" : time
        var out = "\(clock)  \(recorder.target.description)  "
        if let cgroup = recorder.lastCgroup {
            let first = recorder.firstCgroup?.currentBytes ?? cgroup.currentBytes
            let limit = cgroup.maxBytes.map { MemoryText.mb($0 / 1024) } ?? "none"
            out += "limit \(limit), oom_kill \(cgroup.oomKill.map(String.init) ?? "-")\n"
            out += pad("USAGE MB", 10) + pad("Δ MB", 9) + "\n"
            out +=
                pad(number(cgroup.currentBytes / 1024), 10)
                + pad(MemoryText.signedMB((cgroup.currentBytes - first) / 1024), 9)
            return out + "\n"
        }
        let starts = batch.events.filter { $0.kind == "start" }.count
        let exits = batch.events.filter { $0.kind == "exit" }.count
        out += "\(recorder.tracked.count) processes, \(starts) started, \(exits) exited\n"
        out +=
            pad("PID", 7) + "  " + "NAME".padding(toLength: 16, withPad: " ", startingAt: 0)
            + pad("RSS MB", 9) + pad("Δ MB", 9) + pad("SWAP MB", 9) + "\n"
        for pid in recorder.tracked.keys.sorted() {
            guard let p = recorder.tracked[pid] else { continue }
            let name = String(p.name.prefix(16)).padding(toLength: 16, withPad: " ", startingAt: 0)
            out +=
                pad(String(pid), 7) + "  " + name + pad(number(p.last.rssKB), 9)
                + pad(MemoryText.signedMB(p.deltaKB), 9) + pad(p.last.swapKB.map(number) ?? "-", 9) + "\n"
        }
        for event in batch.events { out += "  \(event.kind): \(event.message)\n" }
        return out
    }

    private static func number(_ kb: Int) -> String { String(format: "%.1f", Double(kb) / 1024) }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
