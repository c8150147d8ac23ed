extension ArtifactFormat {
    /// jemalloc `heap_v2` heap profiles (`prof.dump`, `lg_prof_interval`, `prof_final`, `prof_gdump`).
    public static let jemallocHeap = ArtifactFormat(
        name: "jemalloc-heap",
        summary: "jemalloc heap profile (heap_v2: jeprof.<pid>.<seq>.i<n>.heap): sampled stacks, unbiased like jeprof",
        example: "heap_v2/16384",
        detect: { head in
            guard let first = head.first(where: { !$0.isEmpty }) else { return 0 }
            return first.hasPrefix("heap_v2/") ? 90 : 0
        },
        makeParser: { HeapProfileParser(context: $0, kind: "jemalloc-heap") }
    )

    /// gperftools / tcmalloc / legacy pprof text heap profiles (`heap profile: …`).
    public static let gperftoolsHeap = ArtifactFormat(
        name: "gperftools-heap",
        summary: "gperftools/tcmalloc heap profile (heap profile: n: s [n: s] @ heap_v2/524288), stacks of addresses",
        example: "heap profile:    144:  8498176 [   144:  8498176] @ heapz_v2/524288",
        detect: { head in
            guard let first = head.first(where: { !$0.isEmpty }) else { return 0 }
            return first.hasPrefix("heap profile:") ? 90 : 0
        },
        makeParser: { HeapProfileParser(context: $0, kind: "gperftools-heap") }
    )
}
