import Foundation

extension AnalysisThresholds {
    /// Reads the thresholds JSON of `analysis_runs`; keys added after that run was written take their defaults.
    /// - Throws: a decoding error when the JSON is not an object of thresholds.
    static func decodingStored(_ json: String) throws -> AnalysisThresholds {
        var merged =
            (try JSONSerialization.jsonObject(with: Data(AnalysisThresholds().json.utf8))) as? [String: Any]
            ?? [:]
        if let stored = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] {
            merged.merge(stored) { _, new in new }
        }
        let data = try JSONSerialization.data(withJSONObject: merged, options: [.sortedKeys])
        return try JSONDecoder().decode(AnalysisThresholds.self, from: data)
    }
}
