extension ArtifactFormat {
    /// Ruby `GC.stat` samples: Hash#inspect (both syntaxes), JSON lines, Logger-prefixed, rack-mini-profiler text.
    public static let rubyGCStat = ArtifactFormat(
        name: "ruby-gc-stat",
        summary: "Ruby GC.stat samples (p GC.stat, Ruby 3.4 inspect, JSON lines, Logger lines, logfmt pairs after a "
            + "time, profile-gc report)",
        example: #"I, [2026-11-22T01:39:21.557977 #16677]  INFO -- : GC.stat {:count=>28, :time=>38, "#
            + #":heap_allocated_pages=>220, :heap_live_slots=>89709, :heap_free_slots=>184, ...}"#,
        detect: { head in
            var score = 0
            for line in head {
                let hasCount = line.contains(":count=>") || line.contains("{count: ") || line.contains(#""count":"#)
                let hasSlots = line.contains("heap_live_slots")
                if hasCount, hasSlots { return 60 }
                if line.contains(" count="), line.contains(" heap_live_slots=") { return 60 }
                if line.hasPrefix("heap_live_slots : ") || line == "GC Stats:" { score = 50 }
            }
            return score
        },
        makeParser: { RubyGCStatParser(context: $0) }
    )
}
