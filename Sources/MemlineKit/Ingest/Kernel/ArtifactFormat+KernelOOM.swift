import Foundation

extension ArtifactFormat {
    /// The kernel's OOM killer in dmesg, journalctl -k and syslog: one `oom` event per killed process.
    public static let kernelOOM = ArtifactFormat(
        name: "kernel-oom",
        summary: "kernel OOM kills from dmesg (plain/-r/-x/-T/-J), journalctl -k (short, short-precise, short-iso, "
            + "-o json) or syslog: one `oom` event per killed process with its RSS figures; relative dmesg times "
            + "need --at <boot time>",
        example: "[Sun Nov 22 01:42:26 2026] Memory cgroup out of memory: Killed process 18654 (ruby) "
            + "total-vm:168040kB, anon-rss:97536kB, file-rss:5152kB, shmem-rss:0kB, UID:0 pgtables:360kB oom_score_adj:0",
        detect: detectKernelOOM,
        makeParser: { KernelOOMParser(context: $0) }
    )

    /// 85 when the head shows the OOM killer at work; 90 for `dmesg -J`; 45 for a head of kernel lines (dmesg,
    /// journalctl -k) or journal JSON without one yet (the kill may come later in the file); else 0.
    @Sendable static func detectKernelOOM(head: [String]) -> Int {
        var kernelLines = 0
        var nonBlank = 0
        var journal = 0
        for line in head {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            nonBlank += 1
            if trimmed.hasPrefix("\"dmesg\": [") { return 90 }
            if trimmed.hasPrefix("{"), trimmed.contains("\"__REALTIME_TIMESTAMP\""), trimmed.contains("\"MESSAGE\"") {
                journal += 1
                if trimmed.contains(" invoked oom-killer: ") || trimmed.contains("Killed process ") { return 85 }
                continue
            }
            var text = line
            let isKernel = text.withUTF8 { KernelLine(parsing: $0, zone: .utc, year: 2000) != nil }
            guard isKernel else { continue }
            kernelLines += 1
            if line.contains(" invoked oom-killer: ") || line.contains("Killed process ")
                || line.contains("] oom-kill:constraint=") || line.contains("kernel: oom-kill:constraint=")
            {
                return 85
            }
        }
        if journal > 0, journal * 2 >= nonBlank { return 45 }
        return kernelLines > 0 && kernelLines * 2 >= nonBlank ? 45 : 0
    }
}
