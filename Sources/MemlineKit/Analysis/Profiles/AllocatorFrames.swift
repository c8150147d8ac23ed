/// Which frames belong to the allocator rather than to the program, so a stack is charged to its caller.
///
/// jeprof's `RemoveUninterestingFrames` drops, for heap profiles, every frame up to and including the
/// last one whose function is in its list (malloc, calloc, realloc, operator new, tc_malloc…) or matches
/// `TCMalloc|^tcmalloc::`. memline uses the same list and rule, and adds jemalloc's internal and prefixed
/// names (`je_*`, `_rjem_*` as linked into Rust binaries by tikv-jemallocator, `prof_backtrace*`,
/// `imalloc*`), Rust's global-allocator shims (`__rust_alloc`, `__rdl_alloc`, `__rg_alloc`…) and, for
/// frames that could not be symbolized, any frame inside a mapped `libjemalloc*`/`libtcmalloc*` library.
enum AllocatorFrames {
    static let names: Set<String> = {
        var names: Set<String> = []
        let list = [
            "calloc", "cfree", "malloc", "newImpl", "void* newImpl", "free", "memalign", "posix_memalign",
            "aligned_alloc", "pvalloc", "valloc", "realloc", "mallocx", "rallocx", "xallocx", "dallocx", "sdallocx",
            "tc_calloc", "tc_cfree", "tc_malloc", "tc_free", "tc_memalign", "tc_posix_memalign", "tc_pvalloc",
            "tc_valloc", "tc_realloc", "tc_new", "tc_delete", "tc_newarray", "tc_deletearray", "tc_new_nothrow",
            "tc_newarray_nothrow", "do_malloc", "::do_malloc", "::do_malloc_or_cpp_alloc", "DoSampledAllocation",
            "simple_alloc::allocate", "__malloc_alloc_template::allocate", "__builtin_delete", "__builtin_new",
            "__builtin_vec_delete", "__builtin_vec_new", "operator new", "operator new[]", "malloc_zone_malloc",
            "malloc_zone_calloc", "malloc_zone_valloc", "malloc_zone_realloc", "malloc_zone_memalign",
            "malloc_zone_free", "__start_google_malloc", "__stop_google_malloc", "__start_malloc_hook",
            "__stop_malloc_hook",
            // memline's additions: Rust's allocator shims.
            "__rust_alloc", "__rust_alloc_zeroed", "__rust_realloc", "__rdl_alloc", "__rdl_alloc_zeroed",
            "__rdl_realloc", "__rg_alloc", "__rg_alloc_zeroed", "__rg_realloc",
        ]
        for name in list {
            names.insert(name)
            names.insert("_" + name)  // Mach-O adds a leading underscore
        }
        return names
    }()

    /// Whether a function name is the allocator's.
    static func isAllocator(_ function: String) -> Bool {
        if names.contains(function) { return true }
        // operator new(unsigned long) and friends, demangled with their arguments.
        if function.hasPrefix("operator new(") || function.hasPrefix("operator new[](") { return true }
        if function.contains("TCMalloc") || function.hasPrefix("tcmalloc::") { return true }
        for prefix in ["je_", "_rjem_", "prof_backtrace", "imalloc", "__libc_malloc", "__libc_calloc"]
        where function.hasPrefix(prefix) {
            return true
        }
        return false
    }

    /// Whether a mapped file is an allocator library (frames there are dropped even without symbols).
    static func isAllocatorLibrary(_ path: String?) -> Bool {
        guard let path else { return false }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return base.hasPrefix("libjemalloc") || base.hasPrefix("libtcmalloc")
    }
}
