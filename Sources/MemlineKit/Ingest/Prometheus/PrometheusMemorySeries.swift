/// Which Prometheus series are a process's or container's resident memory, and become `rss_samples` rows too.
///
/// `process_resident_memory_bytes` (every client library's process collector), cAdvisor's
/// `container_memory_working_set_bytes` (what the kubelet OOM-kills on) and `container_memory_rss`.
/// Heap-level series (`go_memstats_*`, `jemalloc_*`, `ruby_*`, `beam_*`) stay in `metric_samples` only:
/// they are not RSS and would mislead RSS analyses.
enum PrometheusMemorySeries {
    static let names: Set<String> = [
        "process_resident_memory_bytes", "container_memory_working_set_bytes", "container_memory_rss",
    ]

    /// The `rss_samples` row for a memory sample: KiB, host from `instance`, process from `job` (or `container`).
    static func rssSample(_ m: MetricSample) -> RSSSample? {
        guard names.contains(m.name), let value = m.value, value.isFinite else { return nil }
        return RSSSample(
            line: m.line, ts: m.ts, host: m.host, process: m.label("job") ?? m.label("container"), rssKB: value / 1024)
    }
}
