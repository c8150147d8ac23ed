extension ArtifactFormat {
    /// nginx and Apache access logs: common or combined layout, with nginx `$request_time` /
    /// `$upstream_response_time` (positional or `rt=… urt=…`) or Apache `%D` / `%T` appended.
    ///
    /// Plain or rotated (`access.log.1`, `access.log.2.gz`): detection reads content, never the name.
    public static let accessLog = ArtifactFormat(
        name: "access-log",
        summary: "nginx / Apache access log (common, combined; $request_time, rt= urt=, %D, %T appended)",
        example: "127.0.0.1 - - [05/Dec/2026:20:21:48 +0000] \"GET /reports/44/export HTTP/1.1\" 200 40000 \"-\" "
            + "\"curl/7.88.1\" rt=0.825 uct=\"0.000\" uht=\"0.825\" urt=\"0.825\"",
        detect: { head in
            // Most non-blank lines of the head read as the layout.
            var read = 0
            var lines = 0
            for line in head {
                var text = line
                let ok = text.withUTF8 { u -> Bool? in
                    if ASCIIScan.trimmed(u, 0..<u.count).isEmpty { return nil }
                    if case .success = AccessLogLine.parse(u, zone: .utc) { return true }
                    return false
                }
                guard let ok else { continue }
                lines += 1
                if ok { read += 1 }
            }
            return read > 0 && read * 2 >= lines ? 60 : 0
        },
        makeParser: { AccessLogParser(context: $0) }
    )
}
