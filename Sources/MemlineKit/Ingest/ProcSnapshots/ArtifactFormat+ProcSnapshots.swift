import Foundation

extension ArtifactFormat {
    /// `ps` output saved to a file: RSS, VSZ and %MEM per process, one snapshot or a `date; ps aux` loop.
    public static let ps = ArtifactFormat(
        name: "ps",
        summary: "ps output (ps aux, ps -eo pid,rss,vsz,comm…): RSS/VSZ per process; one snapshot timed by --at, "
            + "the file name or mtime, or many, each after a `date` line; kernel threads left out",
        example: "root           3  3.0  0.1  93808 29468 ?        S    01:38   0:00 ruby worker.rb",
        detect: detectPs,
        makeParser: { PsSnapshotParser(context: $0) }
    )

    /// `/proc/PID/status` files saved as text: VmRSS, VmSize, VmSwap of one process per capture.
    public static let procStatus = ArtifactFormat(
        name: "proc-status",
        summary: "/proc/PID/status captures (cat /proc/PID/status): VmRSS, VmHWM, VmSwap, RssAnon/File/Shmem, "
            + "threads; one timed by --at, the file name or mtime, or many, each after a `date` line",
        example: "VmRSS:\t   52860 kB",
        detect: detectProcStatus,
        makeParser: { ProcCaptureParser(kind: .status, context: $0) }
    )

    /// `/proc/PID/smaps_rollup` files saved as text: RSS, PSS and its anonymous/file split, private dirty, swap.
    public static let smapsRollup = ArtifactFormat(
        name: "smaps-rollup",
        summary: "/proc/PID/smaps_rollup captures: Rss, Pss (shared pages split between processes), Pss_Anon/File, "
            + "Private_Dirty, SwapPss; pid from the file name (smaps.pid-1234.txt), name from --label",
        example: "Pss:               49316 kB",
        detect: detectSmapsRollup,
        makeParser: { ProcCaptureParser(kind: .smapsRollup, context: $0) }
    )

    /// Claims a head that starts (after stamp lines) with a `[rollup]` line and holds `Pss:`, or whose lines are a
    /// time and the rollup's fields each (`08/12/2026 06:08:11 pid=18916 Rss:29596 kB Pss:23159 kB`).
    @Sendable static func detectSmapsRollup(head: [String]) -> Int {
        guard let first = head.first(where: { !$0.isEmpty && SnapshotStamp.parse($0, zone: .utc) == nil }) else {
            return 0
        }
        if first.hasSuffix("[rollup]") { return head.contains { $0.hasPrefix("Pss:") } ? 70 : 0 }
        let lines = head.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let stamped = lines.filter { text in
            guard let (stamp, fields) = ProcCaptureParser.stampedFields(text) else { return false }
            return fields.contains { $0.hasPrefix("Pss:") }
                && SnapshotStamp.parse(ProcCaptureParser.splitPid(stamp).time, zone: .utc, near: 0) != nil
        }
        return lines.count >= 2 && stamped.count == lines.count ? 60 : 0
    }

    /// Claims a head whose first non-stamp line is a `ps` header with PID and RSS columns, or a `ps aux` row printed
    /// without its header.
    @Sendable static func detectPs(head: [String]) -> Int {
        for text in head where text.contains(where: { $0 != " " && $0 != "\t" }) {
            if SnapshotStamp.parse(text, zone: .utc) != nil { continue }
            if PsColumns(header: text) != nil { return 45 }
            return PsColumns.headerless(text) == nil ? 0 : 40
        }
        return 0
    }

    /// Claims a head that starts (after stamp lines) with `Name:` and holds `VmRSS:` or `Pid:`; or, with fields
    /// only, a time line followed by memory fields (`VmHWM:`, `VmRSS:`…) and a few other fields of the status file
    /// (`Threads:\t11`, as `grep -E 'Vm|Rss|Threads'` keeps them), and nothing else; or lines of a time and a memory
    /// field each (`Mon, 07 Dec 2026 23:26:40 +0530 VmRSS:\t   44912 kB`).
    @Sendable static func detectProcStatus(head: [String]) -> Int {
        guard let first = head.first(where: { !$0.isEmpty && SnapshotStamp.parse($0, zone: .utc) == nil }) else {
            return 0
        }
        if first.hasPrefix("Name:") {
            return head.contains { $0.hasPrefix("VmRSS:") || $0.hasPrefix("Pid:") } ? 70 : 0
        }
        // A time and a field on one line (`$(date -R) $(grep VmRSS …)`) count as a time line and a field.
        let lines = head.filter { !$0.isEmpty }.flatMap { text -> [String] in
            guard let (stamp, fields) = ProcCaptureParser.stampedFields(text) else { return [text] }
            return [stamp] + fields
        }
        let stamps = lines.filter { SnapshotStamp.parse($0, zone: .utc) != nil }.count
        let fields = lines.filter(ProcCaptureParser.isStatusField)
        let others = lines.filter { !ProcCaptureParser.isStatusField($0) && ProcCaptureParser.isStatusLine($0) }
        guard stamps >= 2, fields.contains(where: { $0.hasPrefix("VmRSS:") }),
            stamps + fields.count + others.count == lines.count, others.count <= fields.count
        else { return 0 }
        return 60
    }
}
