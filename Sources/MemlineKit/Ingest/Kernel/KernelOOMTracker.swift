import Foundation

/// Turns the kernel's OOM-killer messages into one `oom` event per killed process.
///
/// An OOM kill prints a block (mm/oom_kill.c, mm/memcontrol.c): `ruby invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL),
/// order=0, oom_score_adj=0`, the call trace, for a memory cgroup `memory: usage 98304kB, limit 98304kB, failcnt
/// 301` and its stats, the task table, `oom-kill:constraint=CONSTRAINT_MEMCG,…,oom_memcg=/oomdemo,…,task=ruby,
/// pid=18654,uid=0`, and finally `Memory cgroup out of memory: Killed process 18654 (ruby) total-vm:168040kB,
/// anon-rss:97536kB, file-rss:5152kB, shmem-rss:0kB, UID:0 pgtables:360kB oom_score_adj:0` (`Out of memory:
/// Killed process …` for a system-wide OOM; older kernels print `Out of memory: Kill process N (comm) score S or
/// sacrifice child` before a shorter `Killed process` line). The block's lines attach to the kill rather than
/// making rows of their own; the event is emitted on the `Killed process` line, at its time.
///
/// `details` holds: `total_vm_kb`, `anon_rss_kb`, `file_rss_kb`, `shmem_rss_kb`, `rss_kb` (their sum: the RSS
/// freed by the kill), `uid`, `pgtables_kb`, `oom_score_adj`, `constraint`, `oom_memcg`, `task_memcg`,
/// `invoked_by`, `gfp_mask`, `order`, `cgroup_usage_kb`, `cgroup_limit_kb`, `cgroup_failcnt`, `score`, and
/// `kernel_time_s` (seconds since boot, when the line printed them).
///
/// A kill whose time is unknown (relative `dmesg` without a boot time) is counted in `unplacedKills` and not
/// stored; a block that ends without a kill (`Out of memory and no killable processes...`) is an `oom` event of
/// its own at the time of its `invoked oom-killer` line.
struct KernelOOMTracker {
    /// The host to record (`--host`, the journal's `_HOSTNAME`, the syslog host).
    var host: String?
    private var pending: Pending?
    private(set) var unplacedKills = 0
    /// The first kill that could not be placed, for the error message.
    private(set) var firstUnplacedLine: Int?

    private struct Pending {
        var line: Int
        var time: Timestamp?
        var message: String
        var details = EventDetails()
        var sawCgroupUsage = false
        var host: String?
    }

    init(host: String?) {
        self.host = host
    }

    /// Takes one kernel message (without its prefix).
    /// - Parameters:
    ///   - time: when it was logged, nil when unknown.
    ///   - relativeSeconds: the kernel's seconds since boot, when printed.
    ///   - lineHost: the host the line itself names, used when no `--host` was given.
    mutating func consume(
        _ u: UnsafeBufferPointer<UInt8>, time: Timestamp?, relativeSeconds: Double? = nil, lineHost: String? = nil,
        line: Int, into sink: any RowSink
    ) throws {
        guard let first = u.first(where: { $0 != ASCIIScan.space }) else { return }
        // Cheap filter: every line that matters holds one of these words.
        guard
            first == UInt8(ascii: "M") || first == UInt8(ascii: "O") || first == UInt8(ascii: "K")
                || first == UInt8(ascii: "m") || first == UInt8(ascii: "o")
                || ASCIIScan.contains(u, " invoked oom-killer: ")
        else { return }
        let text = ASCIIScan.string(u, ASCIIScan.trimmed(u, 0..<u.count))
        if let invoked = text.range(of: " invoked oom-killer: ") {
            try flushWithoutKill(into: sink)
            var block = Pending(line: line, time: time, message: text, host: lineHost)
            block.details.add("invoked_by", String(text[..<invoked.lowerBound]))
            for (key, value) in KernelOOMTracker.pairs(text[invoked.upperBound...], separator: ",", assign: "=") {
                switch key {
                case "gfp_mask": block.details.add("gfp_mask", value)
                case "order": block.details.add("order", Int(value))
                case "oom_score_adj": block.details.add("invoker_oom_score_adj", Int(value))
                default: break
                }
            }
            pending = block
            return
        }
        if text.hasPrefix("memory: usage "), var block = pending, !block.sawCgroupUsage {
            // memory: usage 98304kB, limit 98304kB, failcnt 301
            let words = text.dropFirst(8).split(whereSeparator: { $0 == " " || $0 == "," })
            var index = 0
            while index + 1 < words.count {
                let value = words[index + 1]
                switch words[index] {
                case "usage": block.details.add("cgroup_usage_kb", KernelOOMTracker.kilobytes(value))
                case "limit": block.details.add("cgroup_limit_kb", KernelOOMTracker.kilobytes(value))
                case "failcnt": block.details.add("cgroup_failcnt", Int(value))
                default: break
                }
                index += 2
            }
            block.sawCgroupUsage = true
            pending = block
            return
        }
        if text.hasPrefix("oom-kill:") {
            var block = pending ?? Pending(line: line, time: time, message: text, host: lineHost)
            for (key, value) in KernelOOMTracker.pairs(text.dropFirst(9), separator: ",", assign: "=") {
                switch key {
                case "constraint": block.details.add("constraint", value)
                case "oom_memcg": block.details.add("oom_memcg", value)
                case "task_memcg": block.details.add("task_memcg", value)
                default: break
                }
            }
            pending = block
            return
        }
        if text.hasPrefix("Out of memory: Kill process "), let score = text.range(of: " score ") {
            pending?.details.add("score", Int(text[score.upperBound...].prefix { $0.isNumber }))
            return
        }
        guard let killed = text.range(of: "Killed process "),
            text.hasPrefix("Killed process ") || text.hasPrefix("Out of memory") || text.hasPrefix("Memory cgroup out")
        else { return }
        try kill(
            text, after: killed.upperBound, time: time, relativeSeconds: relativeSeconds, lineHost: lineHost,
            line: line, into: sink)
    }

    /// Emits a block that ended without a kill.
    mutating func finish(into sink: any RowSink) throws {
        try flushWithoutKill(into: sink)
    }

    private mutating func kill(
        _ text: String, after start: String.Index, time: Timestamp?, relativeSeconds: Double?, lineHost: String?,
        line: Int, into sink: any RowSink
    ) throws {
        let block = pending
        pending = nil
        let rest = text[start...]
        let pid = Int(rest.prefix { $0.isNumber })
        // The command may hold spaces and parentheses: it runs to the `)` before the figures.
        var process: String?
        if let open = rest.firstIndex(of: "(") {
            let tail = rest[rest.index(after: open)...]
            let close = tail.range(of: ") total-vm:")?.lowerBound ?? tail.lastIndex(of: ")")
            if let close { process = String(tail[..<close]) }
        }
        var details = EventDetails()
        var rss = 0.0
        var sawRSS = false
        if let figures = rest.range(of: "total-vm:") {
            for (key, value) in KernelOOMTracker.pairs(rest[figures.lowerBound...], separator: " ", assign: ":") {
                let kb = KernelOOMTracker.kilobytes(Substring(value))
                switch key {
                case "total-vm": details.add("total_vm_kb", kb)
                case "anon-rss", "file-rss", "shmem-rss":
                    details.add(key.replacingOccurrences(of: "-", with: "_") + "_kb", kb)
                    if let kb {
                        rss += kb
                        sawRSS = true
                    }
                case "UID": details.add("uid", Int(value))
                case "pgtables": details.add("pgtables_kb", kb)
                case "oom_score_adj": details.add("oom_score_adj", Int(value))
                default: break
                }
            }
        }
        if sawRSS { details.add("rss_kb", rss) }
        if let block { details.merge(block.details) }
        details.add("global", !text.hasPrefix("Memory cgroup"))
        details.add("kernel_time_s", relativeSeconds)
        guard let time else {
            unplacedKills += 1
            if firstUnplacedLine == nil { firstUnplacedLine = line }
            return
        }
        try sink.emit(
            .event(
                Event(
                    line: line, ts: time, host: host ?? lineHost ?? block?.host, pid: pid, process: process,
                    kind: "oom",
                    message: text, details: details.text)))
    }

    private mutating func flushWithoutKill(into sink: any RowSink) throws {
        guard let block = pending else { return }
        pending = nil
        guard let time = block.time else { return }
        var details = block.details
        details.add("killed", false)
        try sink.emit(
            .event(
                Event(
                    line: block.line, ts: time, host: host ?? block.host, process: nil, kind: "oom",
                    message: block.message,
                    details: details.text)))
    }

    /// `key=value` (or `key:value`) pairs split by `separator` (and commas).
    static func pairs(_ text: Substring, separator: Character, assign: Character) -> [(String, String)] {
        var result: [(String, String)] = []
        for part in text.split(whereSeparator: { $0 == separator || $0 == "," || $0 == " " }) {
            guard let at = part.firstIndex(of: assign) else { continue }
            let value: Substring = part[at...].dropFirst()
            result.append((String(part[..<at]), String(value)))
        }
        return result
    }

    /// `98304kB` → 98304.
    static func kilobytes(_ value: Substring) -> Double? {
        var digits = value
        if digits.hasSuffix("kB") { digits = digits.dropLast(2) }
        return Double(digits)
    }
}
