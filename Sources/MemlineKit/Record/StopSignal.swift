import Foundation

/// Turns SIGINT and SIGTERM into a clean stop of a recording loop.
///
/// The default actions are ignored (`signal(_, SIG_IGN)`) and the signals delivered through dispatch
/// sources instead, so the loop finishes its current write and returns its summary rather than dying
/// mid-transaction. `trigger` does the same from code (tests, `--duration`).
public final class StopSignal: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var signalNumber: Int32?
    private var sources: [any DispatchSourceSignal] = []

    public init() {}

    /// Starts listening for `signals`; call once, before the loop.
    public func install(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.trigger(number) }
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

    /// Waits until `deadline`; true when a stop was asked for instead.
    func wait(until deadline: DispatchTime) -> Bool {
        if received != nil { return true }
        return semaphore.wait(timeout: deadline) == .success
    }
}
