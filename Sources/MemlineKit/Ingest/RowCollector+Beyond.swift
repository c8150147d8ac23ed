extension RowCollector {
    public var heapProfiles: [HeapProfile] {
        records.compactMap { if case .heapProfile(let r) = $0 { r } else { nil } }
    }
    public var profileStacks: [ProfileStack] {
        records.compactMap { if case .profileStack(let r) = $0 { r } else { nil } }
    }
    public var profileMaps: [ProfileMap] { records.compactMap { if case .profileMap(let r) = $0 { r } else { nil } } }
    public var processSamples: [ProcessSample] {
        records.compactMap { if case .processSample(let r) = $0 { r } else { nil } }
    }
    public var metricSamples: [MetricSample] {
        records.compactMap { if case .metricSample(let r) = $0 { r } else { nil } }
    }
}
