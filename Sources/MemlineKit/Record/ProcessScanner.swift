import Foundation

/// Lists processes under `/proc` and reads what identifies them (command line, parent).
struct ProcessScanner {
    let root: String
    let reader: ProcFileReader

    /// The numeric entries of the proc root: every process id, in no particular order.
    func pids() -> [Int] {
        guard let dir = opendir(root) else { return [] }
        defer { closedir(dir) }
        var result: [Int] = []
        while let entry = readdir(dir) {
            let pid = withUnsafeBytes(of: entry.pointee.d_name) { raw -> Int in
                var value = 0
                for byte in raw {
                    if byte == 0 { break }
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return 0 }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return value
            }
            if pid > 0 { result.append(pid) }
        }
        return result
    }

    /// The command line with its NUL separators turned into spaces; empty for kernel threads.
    func cmdline(_ pid: Int) -> String? {
        reader.bytes("\(root)/\(pid)/cmdline") { bytes -> String in
            var end = bytes.count
            while end > 0, bytes[end - 1] == 0 { end -= 1 }
            let mapped = bytes[0..<end].map { $0 == 0 ? UInt8(ascii: " ") : $0 }
            return String(decoding: mapped, as: UTF8.self)
        }
    }

    /// `pid` and its ancestors up to init: processes `--match` must not pick up (the recorder's own
    /// command line, and its `sudo` or `timeout` wrapper, contain the pattern). Init (pid 1) is never
    /// excluded: in a container it is often the very process to record.
    func selfAndAncestors(of pid: Int) -> Set<Int> {
        var result: Set<Int> = [pid]
        var current = pid
        while current > 1, let text = reader.text("\(root)/\(current)/status"),
            let parent = ProcKeyValues(text).number("PPid"), parent > 1, !result.contains(parent)
        {
            result.insert(parent)
            current = parent
        }
        return result
    }
}
