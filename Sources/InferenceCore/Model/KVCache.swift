/// Keys and values of every layer for a batch of sequences that advance in
/// lock-step: per layer one contiguous block laid out
/// [sequence][position][kvHeads · headDimension], so attention reads each
/// head's keys as a strided matrix without copies.
/// Unchecked Sendable: concurrent attention tasks only read it.
final class KVCache: @unchecked Sendable {
    let batch: Int
    let capacity: Int
    let width: Int
    /// Positions already filled (the same for every sequence of the batch).
    var length = 0
    private(set) var keys: [UnsafeMutablePointer<Float>]
    private(set) var values: [UnsafeMutablePointer<Float>]

    init(layers: Int, batch: Int, capacity: Int, width: Int) {
        self.batch = batch
        self.capacity = capacity
        self.width = width
        let size = batch * capacity * width
        keys = (0..<layers).map { _ in .allocate(capacity: max(size, 1)) }
        values = (0..<layers).map { _ in .allocate(capacity: max(size, 1)) }
    }

    deinit {
        for p in keys { p.deallocate() }
        for p in values { p.deallocate() }
    }

    /// Start of sequence `b`'s row at `position` in `layer`'s keys.
    func key(_ layer: Int, sequence b: Int, position: Int) -> UnsafeMutablePointer<Float> {
        keys[layer] + (b * capacity + position) * width
    }

    func value(_ layer: Int, sequence b: Int, position: Int) -> UnsafeMutablePointer<Float> {
        values[layer] + (b * capacity + position) * width
    }
}
