import InferenceCore
/// A zero-initialised Float32 buffer owned by the model (freed on deinit).
final class FloatBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    init(_ count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }
    deinit { pointer.deallocate() }
    func zero() { pointer.update(repeating: 0, count: count) }
}

/// Everything the forward pass keeps for the backward pass, plus the
/// gradient scratch buffers, sized for `batch` sequences of up to `length`
/// positions. A batch of T ≤ `length` positions uses the front of every
/// buffer (rows B·T, attention B·NH·T·T) and writes all of it before reading
/// it, so buffers are allocated once per batch size and longest length and
/// the training loop itself allocates nothing.
///
/// The batch is split into `shards`: contiguous runs of sequences, one per
/// core, each run through the whole model by one thread. Every per-position
/// buffer is shared, each shard using its own rows of it; parameter gradients
/// are not per-position, so shards after the first accumulate into their own
/// `shardGradients` buffer, added up in shard order after the backward pass.
final class Activations {
    struct Block {
        let ln1, ln1Mean, ln1Rstd, qkv, attnOut, att, residual2, ln2, ln2Mean, ln2Rstd: FloatBuffer
        /// The MLP's first projection, replaced in place by GELU's slope at it
        /// (all the backward pass needs of it).
        let fcSlope: FloatBuffer
        let fcGelu, residual3: FloatBuffer
    }
    /// Sequences per batch, and the longest sequence the buffers hold.
    let batch: Int, length: Int
    /// Sequence ranges, one per shard.
    let shards: [Range<Int>]
    let encoded: FloatBuffer
    let blocks: [Block]
    let lnf, lnfMean, lnfRstd, logits, probs, losses: FloatBuffer
    let tokens: UnsafeMutablePointer<Int32>, targets: UnsafeMutablePointer<Int32>
    let weights: FloatBuffer
    // Gradient scratch.
    let dResidual, dNorm, dFC, dQKV, dLogits: FloatBuffer
    /// Parameter gradients of shards 1…, in layout order.
    let shardGradients: [FloatBuffer]

    init(config: GPT2Config, parameterCount: Int, batch: Int, length: Int) {
        self.batch = batch; self.length = length
        let shardCount = min(batch, workerCount)
        shards = (0..<shardCount).map { s in (s * batch / shardCount)..<((s + 1) * batch / shardCount) }
        let rows = batch * length, C = config.width
        encoded = FloatBuffer(rows * C)
        blocks = (0..<config.depth).map { _ in
            Block(ln1: FloatBuffer(rows * C), ln1Mean: FloatBuffer(rows), ln1Rstd: FloatBuffer(rows),
                  qkv: FloatBuffer(rows * 3 * C), attnOut: FloatBuffer(rows * C),
                  att: FloatBuffer(batch * config.heads * length * length), residual2: FloatBuffer(rows * C),
                  ln2: FloatBuffer(rows * C), ln2Mean: FloatBuffer(rows), ln2Rstd: FloatBuffer(rows),
                  fcSlope: FloatBuffer(rows * 4 * C), fcGelu: FloatBuffer(rows * 4 * C), residual3: FloatBuffer(rows * C))
        }
        lnf = FloatBuffer(rows * C); lnfMean = FloatBuffer(rows); lnfRstd = FloatBuffer(rows)
        logits = FloatBuffer(rows * config.vocabSize); probs = FloatBuffer(rows * config.vocabSize)
        losses = FloatBuffer(rows)
        tokens = .allocate(capacity: rows); tokens.initialize(repeating: 0, count: rows)
        targets = .allocate(capacity: rows); targets.initialize(repeating: 0, count: rows)
        weights = FloatBuffer(rows)
        dResidual = FloatBuffer(rows * C); dNorm = FloatBuffer(rows * C); dFC = FloatBuffer(rows * 4 * C)
        dQKV = FloatBuffer(rows * 3 * C); dLogits = FloatBuffer(rows * config.vocabSize)
        shardGradients = (1..<max(1, shardCount)).map { _ in FloatBuffer(parameterCount) }
    }

    deinit { tokens.deallocate(); targets.deallocate() }
}
