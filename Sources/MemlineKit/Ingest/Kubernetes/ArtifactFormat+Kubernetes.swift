extension ArtifactFormat {
    /// `kubectl get events|pods -o json`: OOMKilled containers, kills, crash loops, evictions as events.
    public static let kubernetes = ArtifactFormat(
        name: "kubernetes",
        summary: "kubectl get events -o json / get pod(s) -o json: OOMKilled containers (lastState.terminated), "
            + "crash loops, Killing/BackOff/Evicted/OOMKilling events → events",
        example: "\"lastState\": {\"terminated\": {\"exitCode\": 137, \"finishedAt\": \"2024-03-12T09:07:34Z\", "
            + "\"reason\": \"OOMKilled\"}}",
        detect: { head in
            let text = head.joined(separator: "\n")
            guard
                text.contains("\"apiVersion\"") || text.contains("\"involvedObject\"")
                    || text.contains("\"containerStatuses\"")
            else { return 0 }
            let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" }
            guard trimmed.hasPrefix("{") || trimmed.hasPrefix("[") else { return 0 }
            if text.contains("\"kind\": \"Event\"") || text.contains("\"kind\":\"Event\"")
                || text.contains("\"kind\": \"Pod\"") || text.contains("\"kind\":\"Pod\"")
                || text.contains("\"involvedObject\"") || text.contains("\"containerStatuses\"")
            {
                return 85
            }
            return text.contains("\"kind\": \"List\"") || text.contains("\"kind\":\"List\"") ? 50 : 0
        },
        makeParser: { KubernetesParser(context: $0) }
    )
}
