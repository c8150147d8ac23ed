import Foundation

/// Reads Erlang/Elixir process snapshots: terms printed with `~p`/`~P` or `IO.inspect`, each after a
/// timestamp line.
///
/// Recognised terms: a list of `{Pid, ProcessInfo}` (top processes with `process_info/2`), a list of
/// `{Pid, Value, Info}` (`recon:proc_count/2`, `recon:proc_window/3`; the value is taken as the attribute
/// the call printed before the term names, `recon:proc_count(message_queue_len, 4).`, else the timestamp line:
/// memory, message_queue_len or reductions, memory when neither names one), a
/// `process_info/1,2` proplist or keyword list (one process; its pid is not printed), and `erlang:memory()`
/// (`erlang:total` becomes an `rss_samples` row; every category an `erlang_memory_bytes{type=…}` metric
/// sample). A line starting with an RFC 3339 time (`2026-11-22T01:40:39.785Z`, optionally followed by a
/// note; or after `%%` or a rule such as `====`) dates the terms after it; without one the time is `--at` or the
/// file's mtime. A list of proplists that each carry `{pid, P}` is a probe's top processes, and an ETS table's
/// info may name its owner as `{Pid, Name}`. A listing of tables printed by a comprehension over `ets:all()` typed
/// before it (`[{T, ets:info(T, size), ets:info(T, memory)} || T <- ets:all()].`) is one `ets:NAME` sample per table,
/// its columns read from the comprehension. Lines outside
/// terms that are not timestamps (shell prompts, notes) are ignored.
struct ProcessSnapshotParser: TextLineParser {
    private var reader: ErlangTermReader
    private let context: ParseContext
    private var ts: Timestamp?
    private var note: String?
    /// The shell call a probe printed before the term it answers (`recon:proc_count(message_queue_len, 4).`):
    /// what a recon result's values are.
    private var call: String?
    private var openSince: (line: Int, text: String)?

    init(context: ParseContext, dialect: ErlangTermReader.Dialect = .erlang) {
        self.context = context
        reader = ErlangTermReader(dialect: dialect)
        ts = context.at ?? context.modified
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        var text = line.text
        // An Erlang comment (`%% sample 2026-12-06T20:55:08.491Z`, written by a probe script) is no term: the time
        // it carries, if any, dates the terms after it (Elixir's maps open with `%{`).
        if !reader.isOpen, let comment = Self.commentText(text) {
            guard let time = comment.firstIndex(where: \.isNumber) else { return }
            text = String(comment[time...])
            guard Self.timestamp(text, zone: context.zone, near: context.day) != nil else { return }
        }
        if let stamp = Self.timestamp(text, zone: context.zone, near: context.day) {
            if reader.isOpen, let open = openSince {
                try sink.skip(
                    line: open.line, reason: "term not closed before the next timestamp line (cut?)", text: open.text)
                reader.reset()
            }
            ts = stamp.ts
            note = stamp.note
            call = nil
            openSince = nil
            return
        }
        if reader.dialect == .erlang, Self.looksLikeElixir(text) { reader.dialect = .elixir }
        if !reader.isOpen {
            let start = text.drop { $0 == " " || $0 == "\t" }.first
            // Only lines that open a term start one: prompts and notes between terms are not terms; a call
            // says what the next term is.
            guard let start, "[{#%<".contains(start), !Self.isComprehension(text) else {
                if text.contains("(") { call = text }
                return
            }
            openSince = (line.number, text)
        }
        do {
            for complete in try reader.feed(text, line: line.number) {
                try interpret(complete, into: sink)
                openSince = nil
                call = nil
            }
            if reader.isOpen, openSince == nil { openSince = (line.number, text) }
        } catch let failure as ErlangTermReader.Failure {
            reader.reset()
            openSince = nil
            try sink.skip(line: failure.line, reason: "unreadable term: \(failure.reason)", text: text)
        }
    }

    mutating func finish(into sink: any RowSink) throws {
        if reader.isOpen, let open = openSince {
            try sink.skip(line: open.line, reason: "term not closed at the end of the file (cut?)", text: open.text)
        }
    }

    /// The text after the `%` signs of an Erlang comment line, or after a probe's rule (`==== 2026-…`, `--- 2026-…`);
    /// nil for any other line.
    static func commentText(_ text: String) -> Substring? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if let mark = trimmed.first, "=-*#".contains(mark) {
            let rule = trimmed.prefix { $0 == mark }
            guard rule.count >= 2, trimmed.dropFirst(rule.count).first != "{" else { return nil }
            return trimmed.dropFirst(rule.count)
        }
        guard trimmed.first == "%", trimmed.dropFirst().first != "{" else { return nil }
        return trimmed.drop { $0 == "%" }
    }

    /// Elixir's inspect output: `#PID<`, `%{`, `:atoms` after a brace or comma, `key: value` entries.
    static func looksLikeElixir(_ text: String) -> Bool {
        if text.contains("#PID<") || text.contains("%{") || text.contains("{:") || text.contains(", :") { return true }
        let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "[" }
        let word = trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return !word.isEmpty && trimmed.dropFirst(word.count).hasPrefix(": ")
    }

    /// `2026-11-22T01:40:39.785Z full process_info(busy_worker)` → the time and the note after it.
    static func timestamp(_ text: String, zone: ZoneRule, near day: Int? = nil) -> (ts: Timestamp, note: String?)? {
        guard let first = text.utf8.first, first >= 0x30, first <= 0x39, text.utf8.count >= 19 else {
            return otherStamp(text, zone: zone, near: day)
        }
        var copy = text
        return copy.withUTF8 { u -> (Timestamp, String?)? in
            guard let parsed = Timestamp.parseISO(bytes: u, zone: zone) else {
                return otherStamp(text, zone: zone, near: day)
            }
            var rest = Substring(String(decoding: u[parsed.length...], as: UTF8.self))
            while let c = rest.first, c == " " || c == "\t" { rest.removeFirst() }
            while let c = rest.last, c == " " || c == "\t" { rest.removeLast() }
            return (parsed.timestamp, rest.isEmpty ? nil : String(rest))
        }
    }

    /// Another `date` layout, alone or before a note (`08.12.2026 10:01:54 +1300 probe 1`, a probe loop's banner
    /// without its rule).
    private static func otherStamp(_ text: String, zone: ZoneRule, near day: Int?) -> (ts: Timestamp, note: String?)? {
        if let ts = SnapshotStamp.parse(text, zone: zone, near: day) { return (ts, nil) }
        return StampedLine(text.trimmingCharacters(in: .whitespaces), zone: zone, near: day).map { ($0.ts, $0.message) }
    }

    // MARK: - Interpreting terms

    private func interpret(_ complete: ErlangTermReader.Complete, into sink: any RowSink) throws {
        let term = complete.term
        guard let ts else {
            return try sink.skip(
                line: complete.line, reason: "snapshot without a time: put an RFC 3339 line before it or pass --at",
                text: "")
        }
        guard case .list(let items, _) = term else {
            return try sink.skip(
                line: complete.line,
                reason: "expected a list: [{Pid, process_info}], process_info, recon:proc_count or erlang:memory()",
                text: "")
        }
        if term.isProplist, term.value(for: "total") != nil, term.value(for: "processes") != nil {
            return try emitMemory(term, line: complete.line, ts: ts, into: sink)
        }
        if Self.isTableInfo(term) {
            return try emit(Self.tableSample(term, line: complete.line, ts: ts), into: sink)
        }
        if !items.isEmpty, items.allSatisfy(Self.isTableInfo) {
            for (index, table) in items.enumerated() {
                let line = index < complete.elementLines.count ? complete.elementLines[index] : complete.line
                try emit(Self.tableSample(table, line: line, ts: ts), into: sink)
            }
            return
        }
        if let columns = call.flatMap(Self.tableColumns), !items.isEmpty,
            let tables = Self.tableRows(
                items, columns: columns, lines: complete.elementLines, line: complete.line, ts: ts)
        {
            for table in tables { try emit(table, into: sink) }
            return
        }
        if term.isProplist {
            var sample = ProcessSample(line: complete.line, ts: ts)
            fill(&sample, from: term)
            return try emit(sample, into: sink)
        }
        // A probe's top processes as proplists that carry their own pid: [[{pid, P}, {memory, M}, …], …].
        if !items.isEmpty, items.allSatisfy({ $0.isProplist && $0.value(for: "pid")?.pidValue != nil }) {
            for (index, item) in items.enumerated() {
                var sample = ProcessSample(
                    line: index < complete.elementLines.count ? complete.elementLines[index] : complete.line, ts: ts)
                sample.pid = item.value(for: "pid")?.pidValue
                fill(&sample, from: item)
                try emit(sample, into: sink)
            }
            return
        }
        var emitted = 0
        for (index, item) in items.enumerated() {
            let line = index < complete.elementLines.count ? complete.elementLines[index] : complete.line
            guard case .tuple(let parts) = item, parts.count >= 2, case .pid(let pid) = parts[0] else { continue }
            var sample = ProcessSample(line: line, ts: ts)
            sample.pid = pid
            if parts.count == 2 {
                fill(&sample, from: parts[1])
            } else if parts.count == 3, let value = parts[1].intValue {
                // recon: {Pid, AttributeValue, [Name | {current_function, MFA} | {initial_call, MFA}]}
                let attribute = (call ?? note).map(Self.attribute(named:)) ?? "memory"
                switch attribute {
                case "message_queue_len": sample.messageQueueLen = value
                case "reductions": sample.reductions = value
                default: sample.memory = value
                }
                for info in parts[2].elements ?? [] {
                    if let name = info.atomValue { sample.registeredName = name }
                    if case .tuple(let kv) = info, kv.count == 2 {
                        if kv[0].atomValue == "current_function" { sample.currentFunction = kv[1].mfa }
                        if kv[0].atomValue == "initial_call" { sample.initialCall = kv[1].mfa }
                    }
                }
            } else {
                continue
            }
            try emit(sample, into: sink)
            emitted += 1
        }
        if emitted == 0 && !items.isEmpty {
            try sink.skip(
                line: complete.line,
                reason: "a list that is not [{Pid, process_info}], process_info, recon:proc_count or erlang:memory()",
                text: "")
        }
    }

    /// Whether `term` is what `ets:info/1` prints for a table: a proplist with its owner, its memory and its size.
    static func isTableInfo(_ term: ErlangTerm) -> Bool {
        term.isProplist && term.value(for: "owner") != nil && term.value(for: "memory")?.intValue != nil
            && term.value(for: "size") != nil
            && (term.value(for: "keypos") != nil || term.value(for: "type") != nil || term.value(for: "name") != nil)
    }

    /// An ETS table as a sample of its own, `ets:NAME`: its memory (words, 8 bytes each) and its owner. A table
    /// lives outside every process's heap, so its owner's process_info never shows what it holds; read as a
    /// process of its own, a table that grows without bound is found like a process that does.
    static func tableSample(_ info: ErlangTerm, line: Int, ts: Timestamp) -> ProcessSample {
        var sample = ProcessSample(line: line, ts: ts)
        let name = info.value(for: "name")?.atomValue ?? "table"
        sample.registeredName = ProcessSample.tableNamePrefix + name
        sample.memory = (info.value(for: "memory")?.intValue).map { $0 * 8 }
        // The owner as a pid, or as `{Pid, RegisteredName}` the way a probe may print it (the name kept after it).
        let owner = info.value(for: "owner")
        if let pid = owner?.pidValue ?? owner?.elements?.first?.pidValue {
            let name = owner?.elements?.dropFirst().first?.atomValue
            sample.initialCall = ProcessSample.tableOwnerPrefix + pid + (name.map { " " + $0 } ?? "")
        }
        sample.status = "ets"
        return sample
    }

    /// Whether a line is a list comprehension typed at the shell (`[{T, ets:info(T, size)} || T <- ets:all()].`): a
    /// call, not a term.
    static func isComprehension(_ text: String) -> Bool { text.contains("||") && text.contains("<-") }

    /// What each column of a table listing holds, from the comprehension that printed it: `[{T, ets:info(T, size),
    /// ets:info(T, memory)} || T <- ets:all()]` → the name, then `size`, then `memory`. Nil unless the call walks
    /// `ets:all()` and asks for the memory.
    static func tableColumns(_ call: String) -> [String]? {
        guard call.contains("ets:all()"), let open = call.firstIndex(of: "{"), let close = call.firstIndex(of: "}"),
            open < close
        else { return nil }
        let inside = call[call.index(after: open)..<close]
        var columns: [String] = []
        for part in inside.split(separator: ",", omittingEmptySubsequences: false) {
            let word = part.trimmingCharacters(in: .whitespaces)
            if word.hasSuffix(")") {
                // `ets:info(T` then ` memory)`: the key closes the call.
                columns[columns.count - 1] = word.dropLast().trimmingCharacters(in: .whitespaces)
            } else if word.hasPrefix("ets:info(") {
                columns.append("?")
            } else {
                columns.append(word.isEmpty ? "?" : "name")
            }
        }
        guard columns.first == "name", columns.contains("memory") else { return nil }
        return columns
    }

    /// The rows of a table listing (`{hold_ledger_audit, 41120, 1948227}`) as samples of `ets:NAME`, memory in words;
    /// nil when a row is not a tuple of a name and numbers in the columns' order.
    static func tableRows(_ items: [ErlangTerm], columns: [String], lines: [Int], line: Int, ts: Timestamp)
        -> [ProcessSample]?
    {
        var samples: [ProcessSample] = []
        for (index, item) in items.enumerated() {
            guard case .tuple(let parts) = item, parts.count == columns.count, let name = parts[0].atomValue,
                let memoryAt = columns.firstIndex(of: "memory"), let words = parts[memoryAt].intValue
            else { return nil }
            var sample = ProcessSample(line: index < lines.count ? lines[index] : line, ts: ts)
            sample.registeredName = ProcessSample.tableNamePrefix + name
            sample.memory = words * 8
            sample.status = "ets"
            samples.append(sample)
        }
        return samples
    }

    /// The process a note names: `process_info(mailbox_hoarder, [...])` → `mailbox_hoarder`.
    static func subject(of note: String) -> String? {
        guard let open = note.range(of: "process_info(") else { return nil }
        var name = note[open.upperBound...].prefix { $0 != "," && $0 != ")" }
        if name.hasPrefix(":") { name = name.dropFirst() }
        guard !name.isEmpty, !name.contains(" "), !name.contains("<") else { return nil }
        return String(name)
    }

    /// The attribute a recon call ranks by, from the note on its timestamp line.
    static func attribute(named note: String) -> String {
        if note.contains("message_queue_len") { return "message_queue_len" }
        if note.contains("reductions") { return "reductions" }
        return "memory"
    }

    /// The sizes in a `binary` list (`[{Address, Size, RefCount}, …]`) added up; nil for anything else.
    static func binaryBytes(_ term: ErlangTerm) -> Int? {
        guard case .list(let items, _) = term else { return nil }
        var total = 0
        for item in items {
            guard case .tuple(let parts) = item, parts.count == 3, let size = parts[1].intValue else { return nil }
            total += size
        }
        return total
    }

    private func fill(_ sample: inout ProcessSample, from info: ErlangTerm) {
        if let name = info.value(for: "registered_name")?.atomValue { sample.registeredName = name }
        sample.memory = info.value(for: "memory")?.intValue
        sample.binaryBytes = info.value(for: "binary").flatMap(Self.binaryBytes)
        sample.messageQueueLen = info.value(for: "message_queue_len")?.intValue
        sample.reductions = info.value(for: "reductions")?.intValue
        sample.currentFunction = info.value(for: "current_function")?.mfa
        sample.initialCall = info.value(for: "initial_call")?.mfa
        sample.totalHeapSize = info.value(for: "total_heap_size")?.intValue
        sample.heapSize = info.value(for: "heap_size")?.intValue
        sample.status = info.value(for: "status")?.atomValue
    }

    private func emit(_ sample: ProcessSample, into sink: any RowSink) throws {
        var sample = sample
        sample.host = context.host
        sample.snapshot = note
        if sample.pid == nil, sample.registeredName == nil, let note { sample.registeredName = Self.subject(of: note) }
        try sink.emit(.processSample(sample))
    }

    private func emitMemory(_ term: ErlangTerm, line: Int, ts: Timestamp, into sink: any RowSink) throws {
        guard case .list(let items, _) = term else { return }
        var categories: [(name: String, bytes: Double)] = []
        for item in items {
            guard case .tuple(let pair) = item, pair.count == 2, let key = pair[0].atomValue,
                let bytes = pair[1].intValue
            else { continue }
            categories.append((key, Double(bytes)))
        }
        try ErlangMemoryRows.emit(categories, line: line, ts: ts, host: context.host, into: sink)
    }
}
