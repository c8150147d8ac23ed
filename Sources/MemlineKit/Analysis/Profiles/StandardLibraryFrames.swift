/// Which frames belong to a language's standard library, so growth is charged to the program's own function that
/// called into it.
///
/// In a C++ or Rust profile, most allocations reach the allocator through container code: `std::vector::
/// _M_realloc_insert`, `std::__cxx11::basic_string::_M_assign`, `alloc::raw_vec::RawVec::grow_one`. jeprof charges
/// them there (`memline profile top` and `diff` do too), so every vector in the program shares one name, and a
/// leak and a bounded pool both growing through `std::vector` look like one function. The suspect a postmortem
/// names is the first frame past them: the function whose vector it is.
enum StandardLibraryFrames {
    /// Namespaces of libstdc++/libc++ (`std::__1::` included) and of Rust's `alloc`, `core`, `std` and the
    /// `hashbrown` tables behind its `HashMap`; `<alloc::vec::Vec<T> as Clone>::clone` trait forms too.
    static let prefixes = ["std::", "__gnu_cxx::", "__cxxabiv1::", "alloc::", "core::", "hashbrown::"]

    static func isLibrary(_ function: String) -> Bool {
        let name = function.hasPrefix("<") ? function.dropFirst() : Substring(function)
        return prefixes.contains { name.hasPrefix($0) }
    }

    /// The first frame of a stack (allocating function first) outside the standard library; the first frame when
    /// every frame is the library's.
    static func owner(of path: [String]) -> String? {
        path.first { !isLibrary($0) } ?? path.first
    }
}
