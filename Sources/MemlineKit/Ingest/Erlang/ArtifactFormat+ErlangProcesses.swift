extension ArtifactFormat {
    /// Erlang/Elixir per-process snapshots: `process_info` printed with `~p` or `IO.inspect`, recon results,
    /// `erlang:memory()`, `ets:info/1` of tables, each after an RFC 3339 timestamp line.
    public static let erlangProcesses = ArtifactFormat(
        name: "erlang-processes",
        summary: "Erlang/Elixir process_info snapshots (~p or IO.inspect after a timestamp line), erlang:memory(), "
            + "ets:info/1 of tables (each table a sample of its own, ets:NAME) or an ets:all() listing",
        example: "[{<0.50.0>, [{registered_name,code_server}, {memory,176224}, {message_queue_len,0}, …]}]",
        detect: { head in
            var score = 0
            for line in head {
                let text = line.drop { $0 == " " || $0 == "\t" || $0 == "[" || $0 == "{" }
                if text.hasPrefix("<0.") || text.hasPrefix("#PID<") { score = max(score, 30) }
                if text.hasPrefix("registered_name") || text.hasPrefix("message_queue_len")
                    || text.hasPrefix("current_function") || text.hasPrefix("owner,<") || text.hasPrefix("keypos,")
                {
                    score = max(score, 60)
                }
            }
            return score
        },
        makeParser: { ProcessSnapshotParser(context: $0) }
    )
}
