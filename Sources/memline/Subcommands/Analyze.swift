import ArgumentParser
import Foundation
import MemlineKit

extension Memline {
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find spikes, leaks and plateaus, correlate them with requests and jobs, and rank suspects.",
            discussion: """
                Replaces the previous analysis in the trends, spikes, window_counts, endpoint_growth, job_overlaps, \
                suspects, suspect_evidence, worker_budgets and analysis_runs tables. The thresholds used are \
                recorded in analysis_runs.thresholds. The same database always gives the same results.

                Examples:
                  memline analyze
                  memline analyze --limit 512M  # Heroku quota: project time to R14
                  memline analyze --memory 8G  # how many unicorn workers fit in 8 GB
                  memline analyze --spike-min-rise 50M --spike-window 600
                Then: memline suspects, memline explain 1, memline trends, memline spikes.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Memory limit per process when the samples carry none (512M, 1G): time-to-limit projection.")
        var limit: String?

        @Option(help: "The machine's memory (8G) for the worker budget.")
        var memory: String?

        @Option(help: "Share of memory kept free in the worker budget, percent.")
        var headroom: Double = 10

        @Option(help: "Spike: the rise must happen within this many seconds.")
        var spikeWindow: Double = 300

        @Option(help: "Spike: minimum rise (20M, 100M).")
        var spikeMinRise: String = "20M"

        @Option(help: "Spike: minimum rise as a percentage of the starting RSS.")
        var spikeMinPercent: Double = 20

        @Option(help: "Growth below this (10M) is no growth: flat or sawtooth.")
        var minGrowth: String = "10M"

        @Option(help: "Growth below this percentage of the starting RSS is no growth.")
        var minGrowthPercent: Double = 10

        @Option(help: "Segments with fewer RSS values are classified short.")
        var minSamples: Int = 8

        @Option(help: "An interval longer than this many times the median interval is a gap.")
        var gapFactor: Double = 5

        @Option(help: "A process diverges when it grows this many times faster than its siblings.")
        var divergence: Double = 3

        @Option(help: "Significance level of the binomial and trend tests.")
        var alpha: Double = 0.01

        func thresholds() throws -> AnalysisThresholds {
            var t = AnalysisThresholds()
            func size(_ text: String, _ name: String) throws -> Double {
                guard let kb = MemorySize.kilobytes(text) else {
                    throw ValidationError(
                        "\(name) '\(text)' is not a memory size; use a number with K, M or G (512M, 8G)")
                }
                return kb
            }
            if let limit { t.limitKB = try size(limit, "--limit") }
            if let memory { t.memoryKB = try size(memory, "--memory") }
            guard (0..<100).contains(headroom) else { throw ValidationError("--headroom must be 0 to 99 percent") }
            guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1, like 0.01") }
            guard minSamples >= 3 else { throw ValidationError("--min-samples must be at least 3") }
            t.headroomShare = headroom / 100
            t.spikeWindowSeconds = spikeWindow
            t.spikeMinRiseKB = try size(spikeMinRise, "--spike-min-rise")
            t.spikeMinRisePercent = spikeMinPercent
            t.minGrowthKB = try size(minGrowth, "--min-growth")
            t.minGrowthShare = minGrowthPercent / 100
            t.minSamples = minSamples
            t.gapFactor = gapFactor
            t.divergenceFactor = divergence
            t.alpha = alpha
            t.trendAlpha = alpha
            return t
        }

        func run() throws {
            let t = try thresholds()
            let db = try database.openExistingToWrite()
            do {
                let summary = try Analysis.run(on: db, thresholds: t)
                Console.output(summary.text)
            } catch {
                throw CommandFailure.runtime(error)
            }
        }
    }
}
