extension ArtifactFormat {
    /// Erlang/Elixir process snapshots as JSON lines (one object per process, `erlang:memory()` objects).
    public static let erlangProcessJSON = ArtifactFormat(
        name: "erlang-processes-json",
        summary: "Erlang/Elixir process snapshots as JSON lines: pid, registered_name, memory, message_queue_len, "
            + "reductions, current_function… per process; erlang:memory() objects; telemetry process_info events",
        example: #"{"ts":"2026-11-22T05:31:13.891Z","node":"app@web1","pid":"<0.85.0>","registered_name":"#
            + #""mailbox_hoarder","memory":440848,"message_queue_len":2200,"#
            + #""current_function":["proc_json","hoard",0]}"#,
        detect: detectErlangProcessJSON,
        makeParser: { ProcessJSONLinesParser(context: $0) }
    )

    /// Claims a head whose first non-blank line is a JSON object and that holds an Erlang process (an Erlang pid
    /// or a registered name, plus a process_info field) or `erlang:memory()` (`total`, `processes` and two more
    /// categories).
    ///
    /// Other JSON lines (memory samples, GC.stat, journald, Sidekiq, heap dumps) name no Erlang pid and none of
    /// `message_queue_len`, `reductions`, `current_function`; their numeric `pid` is not an Erlang pid.
    @Sendable static func detectErlangProcessJSON(head: [String]) -> Int {
        let lines = head.filter { $0.contains { $0 != " " && $0 != "\t" } }
        guard let first = lines.first, first.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("{") else { return 0 }
        var score = 0
        for line in lines.prefix(10) {
            guard let object = FlatJSONObject.parse(line) else { continue }
            let fields = ProcessJSONLinesParser.fields(of: object)
            let specific: Set<ProcessJSONField> = [.messageQueueLen, .reductions, .currentFunction, .initialCall]
            let named = fields.pid != nil || fields.values[.registeredName] != nil
            if named, fields.values.keys.contains(where: specific.contains) {
                score = max(score, 75)
            } else if fields.values[.name] != nil, fields.values[.messageQueueLen] != nil,
                fields.values[.memory] != nil
            {
                // telemetry_poller's process_info event: metadata name, measurements memory and message_queue_len.
                score = max(score, 65)
            } else if fields.memory["total"] != nil, fields.memory["processes"] != nil, fields.memory.count >= 4 {
                score = max(score, 70)
            }
        }
        return score
    }
}
