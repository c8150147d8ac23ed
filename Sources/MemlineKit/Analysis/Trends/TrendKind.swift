/// The shape of a segment's memory over time.
public enum TrendKind: String, Sendable, Codable, CaseIterable {
    /// Keeps growing, no saturation.
    case leak
    /// Grows, then saturates (warm-up, lazy loading, caches).
    case plateau
    /// Jumps and never gives the memory back (a background job loading a huge result set).
    case step
    /// Grows and is collected, again and again, around a level floor.
    case sawtooth
    /// Neither grows nor falls much.
    case flat
    /// Too few samples to say.
    case short
}
