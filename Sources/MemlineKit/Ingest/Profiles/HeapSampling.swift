import Foundation

/// How a heap profile's sampled counts are scaled up to the whole heap, exactly as jeprof does.
///
/// jeprof's `AdjustSamples` (jemalloc `bin/jeprof.in`, from gperftools' pprof), for a stack that
/// sampled `n` objects of `s` bytes in total with mean sample interval `P` bytes:
/// - `poisson` (jemalloc `heap_v2/P`, gperftools `@ …_v2/P`): sampling is a Poisson process, so an
///   allocation of `x` bytes is sampled with probability `1 - exp(-x/P)`. With `x = s/n` (the stack's
///   mean object size), both `n` and `s` are multiplied by `1 / (1 - exp(-(s/n)/P))`.
/// - `uniform` (old remote heap, `@ heap/R` with `P = R/2`, default 128 KiB): with `ratio = (s/n)/P`,
///   when `ratio < 1` both are divided by `ratio`; stacks of objects bigger than `P` are left as they are.
/// - `none` (`heapprofile`, `growthz`: every allocation recorded): unchanged.
///
/// A stack with `n = 0` is left unchanged (jeprof would divide by zero).
public enum HeapSampling: String, Sendable, Equatable {
    case poisson, uniform, none

    /// The stack's unbiased (objects, bytes).
    public func unbias(objects n: Int, bytes s: Int, period: Int?) -> (objects: Double, bytes: Double) {
        let n = Double(n)
        let s = Double(s)
        guard let period, period > 0, n != 0 else { return (n, s) }
        let ratio = (s / n) / Double(period)
        switch self {
        case .poisson:
            let scale = 1 / (1 - exp(-ratio))
            return (n * scale, s * scale)
        case .uniform:
            return ratio < 1 && ratio > 0 ? (n / ratio, s / ratio) : (n, s)
        case .none:
            return (n, s)
        }
    }
}
