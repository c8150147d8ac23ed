import Foundation
import Testing

@testable import MemlineKit

struct StatisticsTests {
    @Test func binomialUpperTailMatchesExactValues() {
        #expect(abs(BinomialTest.upperTail(k: 3, n: 3, p: 0.5) - 0.125) < 1e-12)
        #expect(abs(BinomialTest.upperTail(k: 1, n: 2, p: 0.5) - 0.75) < 1e-12)
        #expect(BinomialTest.upperTail(k: 0, n: 5, p: 0.1) == 1)
        // P(X ≥ 8 | n = 10, p = 0.3) = 0.0015903864
        #expect(abs(BinomialTest.upperTail(k: 8, n: 10, p: 0.3) - 0.0015903864) < 1e-9)
        // Large n uses the normal approximation: near 0.5 at the mean
        #expect(abs(BinomialTest.upperTail(k: 50_000, n: 100_000, p: 0.5) - 0.5) < 0.01)
    }

    @Test func mannKendallAndTheilSenOnAKnownSeries() {
        let y: [Double] = (0..<20).map { (i: Int) -> Double in
            let wobble = Double(i % 3) - 1
            return Double(i) * 2 + wobble * 0.1
        }
        let x = (0..<20).map(Double.init)
        #expect(abs((TrendStatistics.theilSen(x: x, y: y) ?? 0) - 2) < 0.1)
        let mk = TrendStatistics.mannKendall(y)
        #expect(mk.s == 190)  // every pair increases
        #expect(mk.p < 1e-6)
        let flat = TrendStatistics.mannKendall([1, 2, 1, 2, 1, 2, 1, 2])
        #expect(flat.p > 0.5)
    }

    @Test func quickselectQuantileMatchesTheSortedOne() {
        for n in [1, 2, 7, 100, 1001] {
            var values = (0..<n).map { SyntheticIncident.noise($0, seed: n) * 1000 }
            let sorted = values.sorted()
            for q in [0.0, 0.5, 0.95, 1.0] {
                var copy = values
                #expect(TrendStatistics.quantileSelect(&copy, q) == TrendStatistics.quantile(sorted: sorted, q))
            }
            var a = values
            var b = values
            #expect(TrendStatistics.medianSelect(&a) == TrendStatistics.median(&b))
            values.removeAll()
        }
    }

    @Test func memorySizesReadAsKilobytes() {
        #expect(MemorySize.kilobytes("8G") == 8_388_608.0)
        #expect(MemorySize.kilobytes("512MB") == 524_288.0)
        #expect(MemorySize.kilobytes("1.5GiB") == 1.5 * 1024 * 1024)
        #expect(MemorySize.kilobytes("2048") == 2)
        #expect(MemorySize.kilobytes("lots") == nil)
    }
}
