/// `memline processes`: processes ranked by memory growth and by mailbox growth over the window.
public struct ProcessGrowthRanking: Sendable {
    public enum Order: String, CaseIterable, Sendable {
        case memory, queue
    }

    public var processes: [ProcessGrowth]

    public init(processes: [ProcessGrowth]) { self.processes = processes }

    /// The `top` processes that grew most by `order` (then by their latest value).
    public func ranked(by order: Order, top: Int) -> [ProcessGrowth] {
        func key(_ g: ProcessGrowth) -> (Int, Int) {
            switch order {
            case .memory: return (g.memoryGrowth ?? Int.min, g.memoryLast ?? Int.min)
            case .queue: return (g.queueGrowth ?? Int.min, g.queueLast ?? Int.min)
            }
        }
        return Array(
            processes.sorted { key($0) > key($1) || (key($0) == key($1) && $0.process < $1.process) }.prefix(top))
    }
}
