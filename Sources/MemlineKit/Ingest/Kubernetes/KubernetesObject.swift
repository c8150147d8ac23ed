import Foundation

/// Turns one Kubernetes object (`kubectl get events|pods -o json`) into memline events.
///
/// **Events** (`v1` `Event`, and `events.k8s.io/v1` with `regarding`/`note`/`deprecated*` fields), by reason:
///
/// | reason | kind |
/// |---|---|
/// | `OOMKilling` (kernel OOM seen by the kubelet or node-problem-detector), `SystemOOM`, `OOMKilled` | `oom` |
/// | `Killing` (the kubelet stops a container: probe failure, eviction, deletion) | `kill` |
/// | `BackOff` with `Back-off restarting failed container` (CrashLoopBackOff) | `crash` |
/// | `Evicted`, `Evicting` | `evicted` |
/// | `NodeHasInsufficientMemory`, `EvictionThresholdMet` | `memory-pressure` |
/// | `ScalingReplicaSet` | `scale` |
///
/// Other reasons (Scheduled, Pulled, Created, Started, Unhealthy, image back-off …) are not stored. Time:
/// `lastTimestamp`, else `eventTime`, `deprecatedLastTimestamp`, `series.lastObservedTime`, `firstTimestamp`,
/// `metadata.creationTimestamp`. Host: the pod (or node) the event is about; process: the container named in
/// `fieldPath` (`spec.containers{web}`). Details: reason, type, count, namespace, object kind and name, node,
/// first and last time, component.
///
/// **Pods**: every container status (`containerStatuses`, `initContainerStatuses`) whose `lastState.terminated`
/// or `state.terminated` says how the container last ended: reason `OOMKilled` → `oom`, another non-zero exit →
/// `crash`, at `finishedAt`. Details: reason, exit code, signal, started/finished, `restart_count`, the
/// container's memory limit and request (`512Mi`) and `limit_kb`, namespace, node, container id. A pod only says
/// how each container ended *last*: earlier restarts are in `restart_count`, not as events of their own.
///
/// Shapes read from the Kubernetes API reference (core/v1 Event, Pod, ContainerStatus, ContainerStateTerminated)
/// and checked against `kubectl get … -o json` output quoted in public projects.
enum KubernetesObject {
    /// Why an object could not be read (for `ingest_errors`).
    struct Failure: Error {
        var reason: String
    }

    static func events(from object: [String: Any], line: Int, context: ParseContext) -> Result<[Event], Failure> {
        let kind = object["kind"] as? String
        if kind == "Event" || object["involvedObject"] != nil || object["regarding"] != nil {
            return event(object, line: line, context: context)
        }
        if kind == "Pod" || (object["status"] as? [String: Any])?["containerStatuses"] != nil {
            return .success(pod(object, line: line, context: context))
        }
        return .success([])
    }

    private static func event(_ object: [String: Any], line: Int, context: ParseContext) -> Result<[Event], Failure> {
        let reason = object["reason"] as? String ?? ""
        let message = object["message"] as? String ?? object["note"] as? String ?? ""
        let eventKind: String
        switch reason {
        case "OOMKilling", "SystemOOM", "OOMKilled": eventKind = "oom"
        case "Killing": eventKind = "kill"
        case "BackOff" where message.contains("restarting failed container"): eventKind = "crash"
        case "Evicted", "Evicting": eventKind = "evicted"
        case "NodeHasInsufficientMemory", "EvictionThresholdMet": eventKind = "memory-pressure"
        case "ScalingReplicaSet": eventKind = "scale"
        default: return .success([])
        }
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        let series = object["series"] as? [String: Any]
        let times = [
            object["lastTimestamp"], object["eventTime"], object["deprecatedLastTimestamp"],
            series?["lastObservedTime"], object["firstTimestamp"], object["deprecatedFirstTimestamp"],
            metadata["creationTimestamp"],
        ]
        guard
            let ts = times.lazy.compactMap({ ($0 as? String).flatMap { Timestamp.parseISO($0, zone: context.zone) } })
                .first
        else {
            return .failure(
                Failure(
                    reason: "Kubernetes event \(reason) without a time (lastTimestamp, eventTime, "
                        + "firstTimestamp or metadata.creationTimestamp)"))
        }
        let about = object["involvedObject"] as? [String: Any] ?? object["regarding"] as? [String: Any] ?? [:]
        let source = object["source"] as? [String: Any]
        let count = (object["count"] ?? object["deprecatedCount"] ?? series?["count"]) as? Int
        var details = EventDetails()
        details.add("reason", reason)
        details.add("type", object["type"] as? String)
        details.add("count", count)
        details.add("namespace", about["namespace"] as? String ?? metadata["namespace"] as? String)
        details.add("object_kind", about["kind"] as? String)
        details.add("object_name", about["name"] as? String)
        details.add("node", source?["host"] as? String ?? object["reportingInstance"] as? String)
        details.add("first_ts", (object["firstTimestamp"] ?? object["deprecatedFirstTimestamp"]) as? String)
        details.add("last_ts", (object["lastTimestamp"] ?? object["deprecatedLastTimestamp"]) as? String)
        details.add(
            "component",
            source?["component"] as? String ?? object["reportingComponent"] as? String
                ?? object["reportingController"] as? String)
        let event = Event(
            line: line, ts: ts, host: context.host ?? about["name"] as? String, pid: nil,
            process: container(fromFieldPath: about["fieldPath"] as? String), kind: eventKind,
            message: message.isEmpty ? reason : message, details: details.text)
        return .success([event])
    }

    private static func pod(_ object: [String: Any], line: Int, context: ParseContext) -> [Event] {
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        let spec = object["spec"] as? [String: Any] ?? [:]
        let status = object["status"] as? [String: Any] ?? [:]
        let podName = metadata["name"] as? String
        var resources: [String: [String: Any]] = [:]
        for key in ["containers", "initContainers"] {
            for container in spec[key] as? [[String: Any]] ?? [] {
                if let name = container["name"] as? String {
                    resources[name] = container["resources"] as? [String: Any] ?? [:]
                }
            }
        }
        var events: [Event] = []
        for key in ["initContainerStatuses", "containerStatuses"] {
            for containerStatus in status[key] as? [[String: Any]] ?? [] {
                let name = containerStatus["name"] as? String
                let restarts = containerStatus["restartCount"] as? Int
                for stateKey in ["lastState", "state"] {
                    guard let state = containerStatus[stateKey] as? [String: Any],
                        let terminated = state["terminated"] as? [String: Any]
                    else { continue }
                    let reason = terminated["reason"] as? String
                    let exitCode = terminated["exitCode"] as? Int
                    let eventKind: String
                    if reason == "OOMKilled" {
                        eventKind = "oom"
                    } else if let exitCode, exitCode != 0 {
                        eventKind = "crash"
                    } else {
                        continue
                    }
                    guard
                        let finished = (terminated["finishedAt"] as? String).flatMap({
                            Timestamp.parseISO($0, zone: context.zone)
                        })
                    else { continue }
                    let limits = (name.flatMap { resources[$0] }?["limits"] as? [String: Any])?["memory"] as? String
                    let requests = (name.flatMap { resources[$0] }?["requests"] as? [String: Any])?["memory"] as? String
                    var details = EventDetails()
                    details.add("reason", reason)
                    details.add("exit_code", exitCode)
                    details.add("signal", terminated["signal"] as? Int)
                    details.add("started_at", terminated["startedAt"] as? String)
                    details.add("finished_at", terminated["finishedAt"] as? String)
                    details.add("restart_count", restarts)
                    details.add("state", stateKey == "lastState" ? "last" : "current")
                    details.add("memory_limit", limits)
                    details.add("limit_kb", limits.flatMap(kibibytes))
                    details.add("memory_request", requests)
                    details.add("namespace", metadata["namespace"] as? String)
                    details.add("node", spec["nodeName"] as? String)
                    details.add("container_id", terminated["containerID"] as? String)
                    let what = [reason, exitCode.map { "exit code \($0)" }].compactMap { $0 }.joined(separator: ", ")
                    let message =
                        "container \(name ?? "?") of pod \(podName ?? "?") terminated: \(what)"
                        + (restarts.map { "; restarts: \($0)" } ?? "")
                    events.append(
                        Event(
                            line: line, ts: finished, host: context.host ?? podName, process: name, kind: eventKind,
                            message: message, details: details.text))
                }
            }
        }
        return events
    }

    /// `spec.containers{web}` → `web`.
    static func container(fromFieldPath path: String?) -> String? {
        guard let path, let open = path.firstIndex(of: "{"), let close = path.lastIndex(of: "}"), open < close else {
            return nil
        }
        return String(path[path.index(after: open)..<close])
    }

    /// A Kubernetes memory quantity in KiB: `512Mi` → 524288, `1G` → 976562.5, `268435456` → 262144.
    static func kibibytes(_ quantity: String) -> Double? {
        let units: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776), ("k", 1000),
            ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
        ]
        for (suffix, factor) in units where quantity.hasSuffix(suffix) {
            guard let value = Double(quantity.dropLast(suffix.count)) else { return nil }
            return value * factor / 1024
        }
        return Double(quantity).map { $0 / 1024 }
    }
}
