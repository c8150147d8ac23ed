import Foundation

/// Turns SIGINT and SIGTERM into a clean stop of a loop that writes: `record`'s intervals, `ingest`'s files.
///
/// The default actions are ignored (`signal(_, SIG_IGN)`) and the signals delivered through dispatch
/// sources instead, so the loop ends its current transaction (a recording commits its interval, an ingest rolls
/// back the file in flight) and returns its summary rather than dying mid-transaction. `trigger` does the same from
/// code (tests, `--duration`).
public final class StopSignal: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var signalNumber: Int32?
    private var sources: [any DispatchSourceSignal] = []

    public init() {}

    /// Starts listening for `signals`; call once, before the loop.
    /// - Parameter again: called with a signal that arrives after the loop was asked to stop (an ingest blocked on a
    ///   read of standard input exits there, rather than wait for input to end); nil ignores it.
    public func install(_ signals: [Int32] = [SIGINT, SIGTERM], again: (@Sendable (Int32) -> Void)? = nil) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                if self.received != nil, let again {
                    again(number)
                } else {
                    self.trigger(number)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Asks the loop to stop; the first call wins.
    public func trigger(_ number: Int32 = 0) {
        lock.lock()
        defer { lock.unlock() }
        guard signalNumber == nil else { return }
        signalNumber = number
        semaphore.signal()
    }

    /// The signal that stopped the loop (0 when stopped from code), or nil while running.
    public var received: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return signalNumber
    }

    /// `SIGINT`, `SIGTERM`, or `signal N`; a stop from code (0) is `a stop request`.
    public static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case 0: return "a stop request"
        default: return "signal \(signal)"
        }
    }

    /// Waits until `deadline`; true when a stop was asked for instead.
    func wait(until deadline: DispatchTime) -> Bool {
        if received != nil { return true }
        return semaphore.wait(timeout: deadline) == .success
    }
}
