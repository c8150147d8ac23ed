/// Reads Erlang/Elixir process snapshots written as JSON lines: one object per process, or `erlang:memory()`.
///
/// A process line names the process (`pid` as `"<0.85.0>"`/`"#PID<0.85.0>"`, or a registered name) and at
/// least one of memory (bytes), message queue length, reductions, current function, initial call or heap size;
/// field spellings are `ProcessJSONField`'s. A memory line has `total` and `processes` (every `erlang:memory()`
/// category becomes an `erlang_memory_bytes{type=…}` metric and `total` an `rss_samples` row for
/// `erlang:total`, as with the term format). Members of nested objects count as the line's own when the line
/// lacks them, so telemetry events (`{"measurements":{…},"metadata":{"name":…}}`) read like flat lines.
/// The time is `ts`/`time`/`timestamp` as RFC 3339 text or Unix seconds, milliseconds or microseconds; without
/// one, the snapshot time of the file (`--at`, file name, mtime). The host is `--host`, else `node`, else
/// `host`. Other JSON objects (log events of the same stream) are ignored; non-JSON lines are skipped.
struct ProcessJSONLinesParser: TextLineParser {
    private let context: ParseContext
    private let fileTime: Timestamp?

    init(context: ParseContext) {
        self.context = context
        fileTime = context.snapshotTime?.ts
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let text = line.text
        guard text.contains(where: { $0 != " " && $0 != "\t" }) else { return }
        guard let object = FlatJSONObject.parse(text) else {
            return try sink.skip(line: line.number, reason: "expected one JSON object per line", text: text)
        }
        let fields = Self.fields(of: object)
        let names = fields.pid != nil || fields.values[.registeredName] != nil || fields.values[.name] != nil
        let isProcess = names && fields.values.keys.contains { $0.describesProcess }
        let isMemory = fields.memory["total"] != nil && fields.memory["processes"] != nil
        guard isProcess || isMemory else { return }
        let ts: Timestamp
        switch Self.time(fields.values[.time], zone: context.zone) {
        case .success(let value?): ts = value
        case .success(nil):
            guard let fileTime else {
                return try sink.skip(
                    line: line.number,
                    reason: "no ts/time/timestamp key, and no --at, time in the file name or mtime", text: text)
            }
            ts = fileTime
        case .failure(let problem):
            return try sink.skip(line: line.number, reason: problem.reason, text: text)
        }
        let host = context.host ?? fields.string(.node) ?? fields.string(.host)
        if isProcess {
            var sample = ProcessSample(line: line.number, ts: ts)
            sample.host = host
            sample.pid = fields.pid
            // A `name` holding an MFA is what some tools print for unregistered processes: no registered name.
            let name = fields.string(.registeredName) ?? fields.string(.name).flatMap { $0.contains("/") ? nil : $0 }
            sample.registeredName = name.flatMap(ProcessJSONField.registeredName)
            var problem: String?
            func integer(_ field: ProcessJSONField, _ label: String) -> Int? {
                guard let value = fields.values[field] else { return nil }
                switch value {
                case .number(let n) where n.isFinite && n >= 0 && n < 9e18: return Int(n)
                case .string(let s) where Int(s) != nil: return Int(s)
                case .null: return nil
                default:
                    problem = problem ?? "\(label): expected a whole number"
                    return nil
                }
            }
            sample.memory = integer(.memory, "memory")
            sample.binaryBytes = integer(.binaryBytes, "binary_bytes")
            sample.messageQueueLen = integer(.messageQueueLen, "message_queue_len")
            sample.reductions = integer(.reductions, "reductions")
            sample.totalHeapSize = integer(.totalHeapSize, "total_heap_size")
            sample.heapSize = integer(.heapSize, "heap_size")
            sample.currentFunction = fields.values[.currentFunction].flatMap(ProcessJSONField.mfa)
            sample.initialCall = fields.values[.initialCall].flatMap(ProcessJSONField.mfa)
            sample.status = fields.string(.status).map { $0.hasPrefix(":") ? String($0.dropFirst()) : $0 }
            if let problem { return try sink.skip(line: line.number, reason: problem, text: text) }
            try sink.emit(.processSample(sample))
        } else {
            try ErlangMemoryRows.emit(
                fields.memory.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, line: line.number, ts: ts,
                host: host, into: sink)
        }
    }

    /// The members a line's rows are read from: the top level first, then the members of nested objects.
    struct Fields {
        var values: [ProcessJSONField: FlatJSONObject.Value] = [:]
        var memory: [String: Double] = [:]
        var pid: String?

        func string(_ field: ProcessJSONField) -> String? {
            if case .string(let s) = values[field] ?? .null, !s.isEmpty { return s }
            return nil
        }
    }

    static func fields(of object: FlatJSONObject) -> Fields {
        var fields = Fields()
        func take(_ members: [(key: String, value: FlatJSONObject.Value)], nested: Bool) {
            for (key, value) in members {
                let field = ProcessJSONField.named(key)
                if case .object(let inner) = value, field != .currentFunction, field != .initialCall {
                    // `"memory": {"total": …}` is erlang:memory() under a key, not a process's memory.
                    if !nested { take(inner.members, nested: true) }
                    continue
                }
                guard let field else { continue }
                if case .memoryCategory(let category) = field {
                    if case .number(let n) = value, fields.memory[category] == nil { fields.memory[category] = n }
                    continue
                }
                if fields.values[field] == nil { fields.values[field] = value }
            }
        }
        func isObject(_ value: FlatJSONObject.Value) -> Bool { if case .object = value { true } else { false } }
        take(object.members.filter { !isObject($0.value) }, nested: false)
        take(object.members.filter { isObject($0.value) }, nested: false)
        if case .string(let s) = fields.values[.pid] ?? .null { fields.pid = ProcessJSONField.pid(s) }
        return fields
    }

    struct TimeProblem: Error {
        var reason: String
    }

    /// RFC 3339 text, or a Unix time in seconds, milliseconds, microseconds or nanoseconds (by magnitude).
    static func time(_ value: FlatJSONObject.Value?, zone: ZoneRule) -> Result<Timestamp?, TimeProblem> {
        switch value {
        case nil, .null?:
            return .success(nil)
        case .string(let text)?:
            if let ts = Timestamp.parseISO(text, zone: zone) { return .success(ts) }
            if let n = Double(text) { return time(.number(n), zone: zone) }
            return .failure(TimeProblem(reason: "time '\(text.prefix(40))': expected RFC 3339 or Unix time"))
        case .number(let n)?:
            guard n.isFinite, n > 0 else { return .failure(TimeProblem(reason: "time \(n): expected a Unix time")) }
            let divisor: Double = n < 1e11 ? 1e-3 : n < 1e14 ? 1 : n < 1e17 ? 1e3 : 1e6
            guard let ts = Timestamp(checkedMilliseconds: n / divisor) else {
                return .failure(TimeProblem(reason: Timestamp.outOfRangeReason("\(n)")))
            }
            return .success(ts)
        default:
            return .failure(TimeProblem(reason: "time: expected RFC 3339 text or a Unix time"))
        }
    }
}
