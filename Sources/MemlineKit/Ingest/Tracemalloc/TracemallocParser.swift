import Foundation

/// Reads a Python `tracemalloc` snapshot printed as statistics (`TracemallocLine`), one file a snapshot, into a
/// heap profile: each statistic is a stack of one frame named by its `file:line` site, holding the bytes and blocks
/// it counts (tracemalloc traces every allocation: nothing is sampled or scaled).
///
/// Lines starting with `#` are comments; a process id (`pid 10694`, `pid=10694`) and a time (`2026-12-07
/// 07:31:32 +0100`) they hold say whose snapshot it is and when it was taken, else the file name's time, `--at` or
/// the file's mtime do (`ParseContext.snapshotTime`). A `--pid`-less snapshot of unknown time is still read.
/// Indented lines (a statistic's traceback, `File "app.py", line 73` and its code) belong to the line before and
/// are passed over, as is a site printed a second time (statistics, then `compare_to` of the same snapshot); any other
/// line is skipped with the layout expected.
struct TracemallocParser: TextLineParser {
    private let context: ParseContext
    private var profile: HeapProfile
    private var timeFromComment = false
    private var seen = Set<String>()

    init(context: ParseContext) {
        var profile = HeapProfile(
            line: 1, label: context.label ?? HeapProfileName.label(for: context.sourceName), kind: "tracemalloc")
        profile.profileType = "statistics"
        if let time = context.snapshotTime {
            profile.takenAt = time.ts
            profile.takenAtSource = time.source
        }
        profile.host = context.host
        self.profile = profile
        self.context = context
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        var text = Substring(line.text)
        while let last = text.last, last == "\r" || last == " " { text = text.dropLast() }
        if text.isEmpty || text.first == " " || text.first == "\t" { return }
        if text.first == "#" { return readComment(text) }
        guard let stat = TracemallocLine(text) else {
            return try sink.skip(
                line: line.number,
                reason: "expected a tracemalloc statistic `file.py:LINE: size=16.1 MiB, count=277, average=59.4 KiB`",
                text: line.text)
        }
        // A file may print the snapshot twice, as statistics and as `compare_to` against the one before: a site
        // counts once.
        guard seen.insert(stat.site).inserted else { return }
        if profile.stacks == 0 { profile.line = line.number }
        // One address per site, the same in every snapshot of the ingest's process: frames of one site line up.
        let address = Self.address(of: stat.site)
        var stack = ProfileStack(
            line: line.number, frames: [address], framesText: stat.site, objects: stat.count, bytes: stat.bytes,
            objectsUnbiased: Double(stat.count), bytesUnbiased: Double(stat.bytes))
        stack.sites = [stat.site]
        try sink.emit(.profileStack(stack))
        profile.stacks += 1
        profile.objects += stat.count
        profile.bytes += stat.bytes
        profile.objectsUnbiased += Double(stat.count)
        profile.bytesUnbiased += Double(stat.bytes)
    }

    mutating func finish(into sink: any RowSink) throws {
        guard profile.stacks > 0 else { return }
        try sink.emit(.heapProfile(profile))
    }

    /// A stand-in address for a site (FNV-1a of its name): profile frames are keyed by address.
    static func address(of site: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in site.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: hash)
    }

    /// `# tracemalloc snapshot pid 10694 at 2026-12-07 07:31:32 +0100`: the pid and time, when the comment has them.
    private mutating func readComment(_ text: Substring) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "=" })
        for (i, word) in words.enumerated() where word.lowercased() == "pid" && i + 1 < words.count {
            if profile.pid == nil, let pid = Int(words[i + 1]), pid > 0 { profile.pid = pid }
        }
        guard !timeFromComment, context.at == nil else { return }
        var copy = String(text)
        let found = copy.withUTF8 { u -> Timestamp? in
            var i = 0
            while i + 10 <= u.count {
                if ASCIIScan.isDigit(u[i]), i == 0 || !ASCIIScan.isDigit(u[i - 1]), u[i + 4] == UInt8(ascii: "-"),
                    let parsed = Timestamp.parseISO(bytes: UnsafeBufferPointer(rebasing: u[i...]), zone: context.zone)
                {
                    return parsed.timestamp
                }
                i += 1
            }
            return nil
        }
        if let found {
            profile.takenAt = found
            profile.takenAtSource = "file"
            timeFromComment = true
        }
    }
}

extension ArtifactFormat {
    /// Python `tracemalloc` snapshots printed as statistics, one file a snapshot.
    public static let tracemalloc = ArtifactFormat(
        name: "tracemalloc",
        summary: "Python tracemalloc statistics (str(Statistic) / compare_to lines: file.py:LINE: size=…, count=…), "
            + "one file a snapshot, read as a heap profile of sites",
        example: "/srv/app/app.py:73: size=16.1 MiB, count=277, average=59.4 KiB",
        detect: { head in
            // Most non-comment, non-indented lines are statistics.
            var stats = 0
            var lines = 0
            for line in head where !line.isEmpty && !line.hasPrefix("#") && !line.hasPrefix(" ") {
                lines += 1
                if TracemallocLine(Substring(line)) != nil { stats += 1 }
            }
            return stats > 0 && stats * 4 >= lines * 3 ? 85 : 0
        },
        makeParser: { TracemallocParser(context: $0) }
    )
}
