/// What jemalloc's profile file names say: `<prefix>.<pid>.<seq>.<trigger><n>.heap`.
///
/// jemalloc names dumps `jeprof.<pid>.<seq>.i<n>.heap` (every 2^lg_prof_interval bytes), `.m<n>` (`prof.dump`
/// without a file name), `.u<n>` (`prof_gdump`) and `.f` (`prof_final`, at exit); `prof_prefix` replaces
/// `jeprof` and may itself hold dots (`jeprof.out.16429.0.i0.heap`). A name whose pid was left out
/// (`coldroom.3.i3.heap`, as a renamed or pid-less prefix gives) still says its sequence. Other names
/// (`profile.out`) say nothing.
struct HeapProfileName: Equatable {
    var pid: Int?
    var seq: Int?
    var trigger: String?
    var triggerSeq: Int?

    init(_ fileName: String) {
        var parts = fileName.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        while let last = parts.last, ["gz", "heap", "prof", "txt"].contains(last.lowercased()), parts.count > 1 {
            parts.removeLast()
        }
        guard parts.count >= 3, let last = parts.last, let first = last.first else { return }
        let digits = last.dropFirst()
        let trigger: String?
        var n: Int?
        switch first {
        case "f" where digits.isEmpty: trigger = "final"
        case "i":
            trigger = "interval"
            n = Int(digits)
        case "m":
            trigger = "manual"
            n = Int(digits)
        case "u":
            trigger = "gdump"
            n = Int(digits)
        default: trigger = nil
        }
        guard let trigger, trigger == "final" || n != nil, let seq = Int(parts[parts.count - 2]) else { return }
        self.pid = Int(parts[parts.count - 3])
        self.seq = seq
        self.trigger = trigger
        self.triggerSeq = n
    }

    /// `jeprof.out.16429.3.f.heap.gz` → `jeprof.out.16429.3.f`.
    static func label(for name: String) -> String {
        var label = name
        for ext in [".gz", ".heap", ".prof"] where label.lowercased().hasSuffix(ext) && label.count > ext.count {
            label.removeLast(ext.count)
        }
        return label
    }
}
