/// Which Prometheus series are a process's or container's resident memory, and become `rss_samples` rows too.
///
/// `process_resident_memory_bytes` (every client library's process collector), cAdvisor's
/// `container_memory_working_set_bytes` (what the kubelet OOM-kills on) and `container_memory_rss`.
/// Heap-level series (`go_memstats_*`, `jemalloc_*`, `ruby_*`, `beam_*`) stay in `metric_samples` only:
/// they are not RSS and would mislead RSS analyses.
///
/// cAdvisor writes each container twice more: under `container=""` (the pod's own cgroup, the sum of its
/// containers) and `container="POD"` (the pause container); neither is a process, and counting the pod beside its
/// container would count its memory twice. A scrape of cAdvisor carries `container_memory_rss` beside the working
/// set of the same container: only the working set is its sample there (two values of one series would interleave);
/// a query result holds what the user asked for, either.
enum PrometheusMemorySeries {
    static let names: Set<String> = [
        "process_resident_memory_bytes", "container_memory_working_set_bytes", "container_memory_rss",
    ]

    /// The `rss_samples` row for a memory sample: KiB, host from `instance`, process from `job` (or `container`).
    /// - Parameter scraped: the sample is from an exposition (a scrape), not a query result.
    static func rssSample(_ m: MetricSample, scraped: Bool = true) -> RSSSample? {
        guard names.contains(m.name), let value = m.value, value.isFinite else { return nil }
        if let container = m.label("container"), container.isEmpty || container == "POD" { return nil }
        if scraped, m.name == "container_memory_rss" { return nil }
        return RSSSample(
            line: m.line, ts: m.ts, host: m.host, process: m.label("job") ?? m.label("container"), rssKB: value / 1024)
    }
}
