extension RowCollector {
    public var heapSnapshots: [HeapSnapshot] {
        records.compactMap { if case .heapSnapshot(let r) = $0 { r } else { nil } }
    }
    public var heapObjects: [HeapObject] { records.compactMap { if case .heapObject(let r) = $0 { r } else { nil } } }
    public var heapRefs: [HeapRef] { records.compactMap { if case .heapRef(let r) = $0 { r } else { nil } } }
    public var heapRoots: [HeapRoot] { records.compactMap { if case .heapRoot(let r) = $0 { r } else { nil } } }
    public var gcSamples: [GCSample] { records.compactMap { if case .gcSample(let r) = $0 { r } else { nil } } }
}
