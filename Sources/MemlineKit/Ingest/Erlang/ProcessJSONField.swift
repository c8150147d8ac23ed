/// A key of an Erlang/Elixir process snapshot written as JSON, with the spellings exporters use.
///
/// `process_info`'s own names (`message_queue_len`, `current_function`…) plus the variants seen in tools that
/// turn it into JSON (`mailbox`, `queue_len`, `msgq`, `name`…). Keys are matched without regard to case.
/// `erlang:memory()` categories (`total`, `processes`, `binary`…) are `memoryCategory`.
enum ProcessJSONField: Equatable, Hashable {
    case time, node, host, pid, registeredName, name, memory, messageQueueLen, reductions, currentFunction
    case initialCall, totalHeapSize, heapSize, status, binaryBytes
    case memoryCategory(String)

    /// The categories `erlang:memory()` returns (OTP 25), the only keys a memory line's rows are made of.
    static let memoryCategories: Set<String> = [
        "total", "processes", "processes_used", "system", "atom", "atom_used", "binary", "code", "ets", "maximum",
    ]

    static func named(_ raw: String) -> ProcessJSONField? {
        let key = raw.lowercased()
        switch key {
        case "ts", "time", "timestamp", "@timestamp", "datetime": return .time
        case "node": return .node
        case "host", "hostname": return .host
        case "pid": return .pid
        case "registered_name", "registered", "process_name": return .registeredName
        case "name": return .name
        case "memory", "memory_bytes", "mem", "process_memory": return .memory
        case "message_queue_len", "message_queue_length", "message_queue", "mailbox", "mailbox_len", "mailbox_size",
            "queue_len", "queue_length", "msgq", "msg_queue_len", "mq_len":
            return .messageQueueLen
        case "reductions": return .reductions
        case "current_function", "current_fun": return .currentFunction
        case "initial_call": return .initialCall
        case "total_heap_size": return .totalHeapSize
        case "heap_size": return .heapSize
        // The refc binaries a process references, summed (`binary` alone is erlang:memory()'s category).
        case "binary_bytes", "refc_binary_bytes", "binary_memory", "bin_memory": return .binaryBytes
        case "status": return .status
        default: return memoryCategories.contains(key) ? .memoryCategory(key) : nil
        }
    }

    /// A field that only a process has: with a pid or a name, it makes a line a process sample.
    var describesProcess: Bool {
        switch self {
        case .memory, .messageQueueLen, .reductions, .currentFunction, .initialCall, .totalHeapSize, .heapSize,
            .binaryBytes:
            return true
        default:
            return false
        }
    }

    /// `<0.85.0>` from `"<0.85.0>"`, Elixir's `"#PID<0.85.0>"` or a bare `"0.85.0"`; nil for anything else.
    static func pid(_ text: String) -> String? {
        var body = Substring(text)
        if body.hasPrefix("#PID") { body = body.dropFirst(4) }
        if body.hasPrefix("<"), body.hasSuffix(">") { body = body.dropFirst().dropLast() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }) else {
            return nil
        }
        return "<\(body)>"
    }

    /// A registered name as the term reader stores it: `:foo` and `Elixir.Foo` lose their prefixes; `[]`,
    /// `undefined`, `nil` and the empty string are no name.
    static func registeredName(_ text: String) -> String? {
        var name = Substring(text)
        if name.hasPrefix(":") { name = name.dropFirst() }
        if name.hasPrefix("Elixir.") { name = name.dropFirst(7) }
        return ["", "[]", "undefined", "nil", "null"].contains(name) ? nil : String(name)
    }

    /// `module:function/arity`, as the term reader writes an MFA, from `"gen_server:loop/7"`, Elixir's
    /// `Exception.format_mfa` text (`":gen_server.loop/7"`, `"MyApp.Worker.handle_info/2"`), an array
    /// `["gen_server","loop",7]` (raw JSON text) or an object `{"module":…,"function":…,"arity":…}`.
    static func mfa(_ value: FlatJSONObject.Value) -> String? {
        switch value {
        case .string(let text):
            return mfa(text: text)
        case .array(let raw):
            let parts = raw.dropFirst().dropLast().split(separator: ",").map { String($0).stripping(" \t\"") }
            guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            return "\(module(parts[0])):\(parts[1])/\(parts[2])"
        case .object(let object):
            guard case .string(let m) = object["module"] ?? .null, case .string(let f) = object["function"] ?? .null
            else { return nil }
            let arity: String
            switch object["arity"] {
            case .number(let n): arity = n.checkedInt.map(String.init) ?? "?"
            case .string(let s): arity = s
            default: arity = "?"
            }
            return "\(module(m)):\(f)/\(arity)"
        default:
            return nil
        }
    }

    private static func mfa(text: String) -> String? {
        guard !text.isEmpty else { return nil }
        if text.contains(":"), !text.hasPrefix(":") {
            return text.hasPrefix("Elixir.") ? String(text.dropFirst(7)) : text
        }
        // Elixir: Module.function/arity, the function after the last dot before the slash.
        guard let slash = text.lastIndex(of: "/"), let dot = text[..<slash].lastIndex(of: ".") else { return text }
        let m = text[..<dot]
        return "\(module(String(m))):\(text[text.index(after: dot)..<slash])\(text[slash...])"
    }

    /// `:gen_server` → `gen_server`, `Elixir.MyApp.Worker` → `MyApp.Worker`.
    private static func module(_ text: String) -> String {
        if text.hasPrefix(":") { return String(text.dropFirst()) }
        if text.hasPrefix("Elixir.") { return String(text.dropFirst(7)) }
        return text
    }
}

extension String {
    /// Without leading and trailing characters of `set`.
    fileprivate func stripping(_ set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
