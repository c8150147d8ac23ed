import Foundation

/// A Prometheus HTTP API answer that is an error, or a server that could not be queried.
public struct PrometheusError: LocalizedError, Equatable {
    private enum Kind: Equatable {
        case api(type: String, message: String)
        case fetch(url: String, message: String)
    }

    private let kind: Kind

    static func api(type: String, message: String) -> PrometheusError {
        PrometheusError(kind: .api(type: type, message: message))
    }
    static func fetch(url: String, message: String) -> PrometheusError {
        PrometheusError(kind: .fetch(url: url, message: message))
    }

    public var errorDescription: String? {
        switch kind {
        case .api(let type, let message):
            return "Prometheus answered with an error (\(type)): \(message); check the query (PromQL), start, end and "
                + "step. Nothing was stored"
        case .fetch(let url, let message):
            return "could not query Prometheus at \(url): \(message)"
        }
    }
}
