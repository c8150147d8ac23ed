import Foundation
import MemlineKit
import Testing

struct KubernetesTests {
    @Test(arguments: [
        "kubernetes/BUILT_FROM_DOCS_kubectl_get_pods.json", "kubernetes/BUILT_FROM_DOCS_kubectl_get_events.json",
    ])
    func detectsKubectlJSON(file: String) throws {
        let head = try Fixtures.lines(file).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: head)?.name == "kubernetes")
    }

    @Test func podsGiveOneEventPerAbnormalTermination() throws {
        let sink = try Fixtures.parse("kubernetes/BUILT_FROM_DOCS_kubectl_get_pods.json", as: .kubernetes)
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.map(\.kind) == ["oom", "crash"])
        let oom = try #require(sink.events.first)
        #expect(oom.host == "shop-web-7d9f8c6b5-x2kq4")
        #expect(oom.process == "web")
        #expect(oom.line == 4)
        #expect(oom.ts == Timestamp.parseISO("2024-03-12T09:04:40Z"))
        #expect(
            oom.message
                == "container web of pod shop-web-7d9f8c6b5-x2kq4 terminated: OOMKilled, exit code 137; restarts: 3")
        #expect(
            oom.details == "{\"reason\":\"OOMKilled\",\"exit_code\":137,\"started_at\":\"2024-03-12T08:51:02Z\","
                + "\"finished_at\":\"2024-03-12T09:04:40Z\",\"restart_count\":3,\"state\":\"last\",\"memory_limit\":\"512Mi\","
                + "\"limit_kb\":524288,\"memory_request\":\"384Mi\",\"namespace\":\"shop\",\"node\":\"node-a\","
                + "\"container_id\":\"containerd://5fb8adf9ee62afc6d3f6f3d9590041818750b392dff015d7091eaaf99cf1c945\"}")
        #expect(sink.events.last?.details?.contains("\"exit_code\":1") == true)
        #expect(sink.events.last?.details?.contains("\"state\":\"current\"") == true)
    }

    @Test func eventsListKeepsTheMemoryRelevantReasons() throws {
        let sink = try Fixtures.parse("kubernetes/BUILT_FROM_DOCS_kubectl_get_events.json", as: .kubernetes)
        // Pulled is not stored; the last Killing has no time at all.
        #expect(sink.events.map(\.kind) == ["oom", "crash", "kill", "evicted", "scale"])
        #expect(
            sink.events.map(\.host) == [
                "node-a", "shop-web-7d9f8c6b5-x2kq4", "shop-web-7d9f8c6b5-x2kq4", "shop-worker-5c8d7b9f4-q7wv1",
                "shop-web",
            ])
        #expect(sink.events[1].process == "web")
        #expect(sink.events[1].ts == Timestamp.parseISO("2024-03-12T09:04:45Z"))
        #expect(sink.events[1].details?.contains("\"reason\":\"BackOff\",\"type\":\"Warning\",\"count\":4") == true)
        #expect(sink.events[0].message.hasPrefix("Memory cgroup out of memory: Killed process 2417 (ruby)"))
        #expect(sink.skipped.count == 1)
        #expect(sink.skipped.first?.reason.hasPrefix("Kubernetes event Killing without a time") == true)
    }

    @Test func aSinglePodAConcatenatedStreamAndATruncatedFile() throws {
        let text = """
            {"kind": "Pod", "metadata": {"name": "p1", "namespace": "n"}, "spec": {"containers": [{"name": "c", "resources": {"limits": {"memory": "1Gi"}}}]},
             "status": {"containerStatuses": [{"name": "c", "restartCount": 1, "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "finishedAt": "2024-03-12T09:00:00Z", "message": "brace } in \\"string\\" {"}}}]}}
            {"kind": "Event", "reason": "OOMKilling", "message": "x", "lastTimestamp": "2024-03-12T09:01:00Z", "involvedObject": {"kind": "Node", "name": "n1"}}
            {"kind": "Pod", "metadata": {"name": "cut"
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.kubernetes.makeParser(ParseContext(sourceName: "k.json"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.events.map(\.kind) == ["oom", "oom"])
        #expect(sink.events.first?.details?.contains("\"limit_kb\":1048576") == true)
        #expect(sink.events.map(\.line) == [1, 3])
        #expect(sink.skipped.map(\.line) == [4])
    }

    @Test func jqItemsArrayAndInvalidJSON() throws {
        let text = """
            [
              {"kind": "Event", "reason": "Evicted", "message": "low on memory", "lastTimestamp": "2024-03-12T09:01:00Z", "involvedObject": {"kind": "Pod", "name": "p"}},
              {"kind": "Event", "reason": "Evicted", "lastTimestamp": 12 oops}
            ]
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.kubernetes.makeParser(ParseContext(sourceName: "k.json"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.events.map(\.kind) == ["evicted"])
        #expect(sink.skipped.map(\.line) == [3])
    }
}
