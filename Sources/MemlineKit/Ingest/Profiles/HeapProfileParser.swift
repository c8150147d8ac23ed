import Foundation

/// Reads jemalloc `heap_v2` and gperftools `heap profile:` text heap profiles.
///
/// jemalloc (`heap_v2/<period>`): per-thread summary lines (`t*:`, `tN:`), then for each stack an
/// `@ 0x… 0x…` line followed by its `t*: <objects>: <bytes> [<alloc objects>: <alloc bytes>]` total and
/// per-thread `tN:` lines. gperftools (`heap profile: n: s [n: s] @ <type>/<period>`): one
/// `<objects>: <bytes> [<alloc objects>: <alloc bytes>] @ 0x…` line per stack. Both end with the
/// process's memory map (`MAPPED_LIBRARIES:` with /proc/self/maps lines, or `--- Memory map: ---` with
/// `start-end: path` lines and `name=value` variables). Counts are unbiased as jeprof does (`HeapSampling`).
struct HeapProfileParser: TextLineParser {
    private enum Section { case header, stacks, maps }

    private var profile: HeapProfile
    private var section = Section.header
    private var jemalloc = false
    private var pendingFrames: (frames: [Int64], text: String, line: Int)?
    private var pendingHasTotal = false
    private var threads = Set<Int>()
    private var variables: [String: String] = [:]
    private var headerAlloc: (objects: Int, bytes: Int)?

    init(context: ParseContext, kind: String) {
        var profile = HeapProfile(
            line: 1, label: context.label ?? HeapProfileName.label(for: context.sourceName), kind: kind)
        let name = HeapProfileName(context.sourceName)
        profile.pid = name.pid
        profile.seq = name.seq
        profile.dumpTrigger = name.trigger
        profile.triggerSeq = name.triggerSeq
        if let time = context.snapshotTime {
            profile.takenAt = time.ts
            profile.takenAtSource = time.source
        }
        profile.host = context.host
        self.profile = profile
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let text = line.text
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if trimmed.isEmpty { return }
        switch section {
        case .header:
            if let problem = readHeader(String(trimmed), line: line.number) {
                try sink.skip(line: line.number, reason: problem, text: text)
            }
        case .stacks:
            if trimmed.hasPrefix("MAPPED_LIBRARIES:") || trimmed.hasPrefix("--- Memory map:") {
                try flushPending(into: sink)
                section = .maps
                return
            }
            if jemalloc {
                try readJemallocLine(trimmed, line: line, into: sink)
            } else {
                try readGperftoolsLine(trimmed, line: line, into: sink)
            }
        case .maps:
            try readMapLine(trimmed, line: line, into: sink)
        }
    }

    mutating func finish(into sink: any RowSink) throws {
        guard section != .header else { return }
        try flushPending(into: sink)
        profile.threads = threads.count
        if jemalloc, profile.allocObjects == 0, profile.allocBytes == 0 {
            // jemalloc writes [0: 0] unless prof_accum is on: no cumulative figures, not zero allocations.
            profile.allocObjects = nil
            profile.allocBytes = nil
        }
        try sink.emit(.heapProfile(profile))
    }

    // MARK: - Header

    /// Reads the first non-blank line; returns why it is not a heap profile header, or nil.
    private mutating func readHeader(_ text: String, line: Int) -> String? {
        profile.line = line
        if text.hasPrefix("heap_v2/") {
            guard let period = Int(text.dropFirst(8).prefix { $0.isNumber }) else {
                return "expected heap_v2/<sample period> (a jemalloc heap profile header)"
            }
            jemalloc = true
            profile.profileType = "heap_v2"
            profile.sampling = .poisson
            profile.samplePeriod = period
            profile.allocObjects = 0
            profile.allocBytes = 0
            section = .stacks
            return nil
        }
        guard text.hasPrefix("heap profile:") else {
            return "expected a heap profile header: heap_v2/<period> (jemalloc) or heap profile: … (gperftools)"
        }
        var scanner = CountScanner(text.dropFirst(13))
        guard let counts = scanner.counts() else {
            return "expected heap profile: <objects>: <bytes> [<objects>: <bytes>] @ <type>/<period>"
        }
        headerAlloc = (counts.allocObjects, counts.allocBytes)
        var type = ""
        var period: Int?
        if let at = text.firstIndex(of: "@") {
            let rest = text[text.index(after: at)...].trimmingCharacters(in: .whitespaces)
            let pieces = rest.split(separator: "/", maxSplits: 1)
            type = pieces.first.map(String.init) ?? ""
            if pieces.count == 2 { period = Int(pieces[1].prefix { $0.isNumber }) }
        }
        profile.profileType = type.isEmpty ? nil : type
        // jeprof's ReadHeapProfile: heapprofile and non-heap types (growthz) are not sampled; *_v2 is Poisson
        // with the given period; other heap types are uniform with half the given number (default 128 KiB);
        // without a type, equal in-use and allocated pairs mean an old uniform remote heap profile.
        if !type.isEmpty {
            if type == "heapprofile" || !type.contains("heap") {
                profile.sampling = .none
            } else if type.contains("_v2") {
                profile.sampling = .poisson
                profile.samplePeriod = period ?? 128 * 1024
            } else {
                profile.sampling = .uniform
                profile.samplePeriod = period.map { $0 / 2 } ?? 128 * 1024
            }
        } else if counts.objects == counts.allocObjects, counts.bytes == counts.allocBytes {
            profile.sampling = .uniform
            profile.samplePeriod = 128 * 1024
        }
        profile.allocObjects = 0
        profile.allocBytes = 0
        section = .stacks
        return nil
    }

    // MARK: - Stacks

    private mutating func readJemallocLine(_ text: Substring, line: Line, into sink: any RowSink) throws {
        if text.hasPrefix("@") {
            try flushPending(into: sink)
            guard let frames = Self.frames(text.dropFirst()) else {
                pendingFrames = nil
                return try sink.skip(line: line.number, reason: "expected @ followed by hex addresses", text: line.text)
            }
            pendingFrames = (frames.addresses, frames.text, line.number)
            pendingHasTotal = false
            return
        }
        guard text.hasPrefix("t") else {
            return try sink.skip(
                line: line.number, reason: "expected @ <addresses>, a t*:/tN: count line or MAPPED_LIBRARIES:",
                text: line.text)
        }
        let colon = text.firstIndex(of: ":") ?? text.endIndex
        let thread = text[text.index(after: text.startIndex)..<colon]
        var scanner = CountScanner(text[colon...].dropFirst())
        guard colon != text.endIndex, thread == "*" || Int(thread) != nil, let counts = scanner.counts() else {
            return try sink.skip(
                line: line.number, reason: "expected t*: or tN: <objects>: <bytes> [<objects>: <bytes>]",
                text: line.text)
        }
        if let id = Int(thread) { threads.insert(id) }
        guard thread == "*", let pending = pendingFrames, !pendingHasTotal else { return }
        pendingHasTotal = true
        try emitStack(frames: pending.frames, text: pending.text, counts: counts, line: line.number, into: sink)
    }

    private mutating func readGperftoolsLine(_ text: Substring, line: Line, into sink: any RowSink) throws {
        var scanner = CountScanner(text)
        guard let counts = scanner.counts(), let at = text.firstIndex(of: "@"),
            let frames = Self.frames(text[text.index(after: at)...])
        else {
            return try sink.skip(
                line: line.number, reason: "expected <objects>: <bytes> [<objects>: <bytes>] @ <hex addresses>",
                text: line.text)
        }
        try emitStack(frames: frames.addresses, text: frames.text, counts: counts, line: line.number, into: sink)
    }

    /// A jemalloc stack whose `t*:` line never came (a truncated file) is dropped with a note.
    private mutating func flushPending(into sink: any RowSink) throws {
        if let pending = pendingFrames, !pendingHasTotal {
            try sink.skip(
                line: pending.line, reason: "stack without its t*: count line (file cut?)", text: pending.text)
        }
        pendingFrames = nil
    }

    private mutating func emitStack(
        frames: [Int64], text: String, counts: CountScanner.Counts, line: Int, into sink: any RowSink
    ) throws {
        let unbiased = profile.sampling.unbias(
            objects: counts.objects, bytes: counts.bytes, period: profile.samplePeriod)
        let stack = ProfileStack(
            line: line, frames: frames, framesText: text, objects: counts.objects, bytes: counts.bytes,
            allocObjects: counts.allocObjects, allocBytes: counts.allocBytes, objectsUnbiased: unbiased.objects,
            bytesUnbiased: unbiased.bytes)
        profile.stacks += 1
        profile.objects += counts.objects
        profile.bytes += counts.bytes
        profile.objectsUnbiased += unbiased.objects
        profile.bytesUnbiased += unbiased.bytes
        profile.allocObjects = (profile.allocObjects ?? 0) + counts.allocObjects
        profile.allocBytes = (profile.allocBytes ?? 0) + counts.allocBytes
        try sink.emit(.profileStack(stack))
    }

    /// `0x7f480f6a2630 0x7f480f6a2d21 …` → addresses and the text normalised to single spaces.
    static func frames(_ text: Substring) -> (addresses: [Int64], text: String)? {
        var addresses: [Int64] = []
        var words: [Substring] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            var digits = word
            if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
            guard !digits.isEmpty, digits.count <= 16, let value = UInt64(digits, radix: 16) else { return nil }
            addresses.append(Int64(bitPattern: value))
            words.append(word)
        }
        return (addresses, words.joined(separator: " "))
    }

    // MARK: - Memory map

    private mutating func readMapLine(_ text: Substring, line: Line, into sink: any RowSink) throws {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let range = fields.first else { return }
        var rangeText = range
        let cooked = rangeText.hasSuffix(":")
        if cooked { rangeText = rangeText.dropLast() }
        let bounds = rangeText.split(separator: "-", maxSplits: 1)
        guard bounds.count == 2, let start = UInt64(bounds[0], radix: 16), let end = UInt64(bounds[1], radix: 16)
        else {
            // `name=value` variables of gperftools' map (source=/home), used as $name in paths.
            if let eq = range.firstIndex(of: "="), fields.count == 1 {
                variables[String(range[..<eq])] = String(range[range.index(after: eq)...])
                return
            }
            return try sink.skip(
                line: line.number, reason: "expected a memory map line: start-end perms offset dev inode [path]",
                text: line.text)
        }
        var perms: String?
        var offset: UInt64 = 0
        var path: String?
        if cooked {
            path = fields.count > 1 ? fields[1...].joined(separator: " ") : nil
        } else {
            guard fields.count >= 5, let off = UInt64(fields[2], radix: 16) else {
                return try sink.skip(
                    line: line.number, reason: "expected a memory map line: start-end perms offset dev inode [path]",
                    text: line.text)
            }
            perms = String(fields[1])
            offset = off
            path = fields.count > 5 ? fields[5...].joined(separator: " ") : nil
        }
        if var p = path, p.contains("$") {
            for (name, value) in variables { p = p.replacingOccurrences(of: "$" + name, with: value) }
            path = p
        }
        profile.maps += 1
        try sink.emit(
            .profileMap(
                ProfileMap(
                    line: line.number, start: Int64(bitPattern: start), end: Int64(bitPattern: end), perms: perms,
                    fileOffset: Int64(bitPattern: offset), path: path)))
    }
}

/// Reads `<objects>: <bytes> [<objects>: <bytes>]` with any spacing.
struct CountScanner {
    struct Counts: Equatable {
        var objects: Int
        var bytes: Int
        var allocObjects: Int
        var allocBytes: Int
    }

    private var rest: Substring

    init(_ text: Substring) { rest = text }

    mutating func counts() -> Counts? {
        guard let n1 = number(), expect(":"), let s1 = number(), expect("["), let n2 = number(), expect(":"),
            let s2 = number(), expect("]")
        else { return nil }
        return Counts(objects: n1, bytes: s1, allocObjects: n2, allocBytes: s2)
    }

    private mutating func skipSpace() { rest = rest.drop { $0 == " " || $0 == "\t" } }

    private mutating func number() -> Int? {
        skipSpace()
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let value = Int(digits) else { return nil }
        rest = rest.dropFirst(digits.count)
        return value
    }

    private mutating func expect(_ c: Character) -> Bool {
        skipSpace()
        guard rest.first == c else { return false }
        rest = rest.dropFirst()
        return true
    }
}
