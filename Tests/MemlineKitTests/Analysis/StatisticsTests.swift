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

    @Test func welchTestSeesAGroupThatKeepsMoreEachTime() {
        // 80 requests keeping ~470 KB each against 860 keeping ~32 KB: far apart whatever their spread.
        let big = WelchTest.Moments(count: 80, sum: 80 * 470, squares: 80 * (470 * 470 + 300 * 300))
        let rest = WelchTest.Moments(count: 860, sum: 860 * 32, squares: 860 * (32 * 32 + 80 * 80))
        #expect(WelchTest.upperTail(big, over: rest) < 1e-20)
        // The same means the other way round, and equal groups, say nothing.
        #expect(WelchTest.upperTail(rest, over: big) > 0.99)
        #expect(abs(WelchTest.upperTail(rest, over: rest) - 0.5) < 1e-9)
        // Too few to test by the normal approximation.
        let few = WelchTest.Moments(count: 5, sum: 5 * 470, squares: 5 * 470 * 470)
        #expect(WelchTest.upperTail(few, over: rest) == 1)
    }

    @Test func aHedgedReasonKeepsTheCapitalsOfANameItStartsWith() {
        #expect(possibly("GET /labels kept 36 MB") == "Possibly GET /labels kept 36 MB")
        #expect(possibly("Requests to /x kept more") == "Possibly requests to /x kept more")
        #expect(unhedged(possibly("GET /labels kept 36 MB")) == "GET /labels kept 36 MB")
        #expect(possibly("Finance::LedgerSnapshotJob ran") == "Possibly Finance::LedgerSnapshotJob ran")
        #expect(possibly("The deploy came") == "Possibly the deploy came")
    }

    @Test func aCompanionCountFollowsNothingOnceTheLeadingCountIsTakenOut() {
        // The kept rise follows the transcript requests; the page requests come with them, plus noise.
        let transcripts: [Double] = [0, 2, 1, 3, 0, 2, 4, 1, 0, 3, 2, 1]
        let pages = transcripts.enumerated().map { $0.element + Double($0.offset % 2) }
        let noise: [Double] = (0..<12).map { $0 % 4 < 2 ? 50 : -50 }
        let kept = zip(transcripts, noise).map { $0 * 1800 + $1 }
        let rest = SuspectBuilder.residual(kept, after: transcripts)
        #expect(abs(TrendStatistics.pearson(transcripts, rest) ?? 1) < 1e-9)
        #expect((TrendStatistics.pearson(pages, kept) ?? 0) > 0.9)
        #expect(abs(TrendStatistics.pearson(pages, rest) ?? 1) < 0.1)
        #expect(SuspectBuilder.correlationP(0.66, n: 82) < 1e-6)
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
