import EmergeSupport
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

/// Where each sequence of a batch sits once its padding is dropped: the
/// sequences' real positions back to back in every per-position buffer, and
/// their NH·L² attention matrices back to back in `att`. A batch padded to
/// its longest row (a mix of worked solutions and direct answers is 40%
/// padding) then costs only its real positions, in every layer.
struct BatchLayout {
    /// Real positions per sequence.
    let lengths: [Int]
    /// The first row of each sequence, then the total (B + 1 values).
    let rowStarts: [Int]
    /// The first entry of each sequence's attention block, then the total.
    let attentionStarts: [Int]
    /// Runs of consecutive sequences, one per core, about equal in rows.
    let shards: [Range<Int>]

    init(lengths: [Int], heads: Int) {
        self.lengths = lengths
        var rows = [0], attention = [0]
        for length in lengths {
            rows.append(rows.last! + length)
            attention.append(attention.last! + heads * length * length)
        }
        rowStarts = rows; attentionStarts = attention
        shards = CausalLM.balancedShards(lengths, parts: availableCores)
    }

    var rows: Int { rowStarts.last! }
    /// The rows holding these sequences.
    func rows(of sequences: Range<Int>) -> Range<Int> { rowStarts[sequences.lowerBound]..<rowStarts[sequences.upperBound] }
    var attention: Int { attentionStarts.last! }
    /// The longest sequence.
    var longest: Int { lengths.max() ?? 0 }
}

/// Everything the forward pass keeps for the backward pass, plus the
/// gradient scratch buffers, with room for `rows` positions and `attention`
/// attention entries (see `BatchLayout`). A smaller batch uses the front of
/// every buffer and writes all of it before reading it, so buffers are
/// allocated once for the largest batch seen and a training step allocates
/// only its `BatchLayout`'s few small arrays.
///
/// Each shard of the batch is run through the whole model by one thread,
/// using its own rows of every per-position buffer; parameter gradients are
/// not per-position, so shards after the first accumulate into their own
/// `shardGradients` buffer, added up in shard order after the backward pass.
final class Activations {
    struct Block {
        let ln1, ln1Mean, ln1Rstd, qkv, attnOut, att, residual2, ln2, ln2Mean, ln2Rstd: FloatBuffer
        /// The MLP's first projection, replaced in place by GELU's slope at it
        /// (all the backward pass needs of it).
        let fcSlope: FloatBuffer
        let fcGelu, residual3: FloatBuffer
    }
    /// Capacity: positions, and attention entries.
    let rows: Int, attention: Int
    let encoded: FloatBuffer
    let blocks: [Block]
    let lnf, lnfMean, lnfRstd, logits, probs, losses: FloatBuffer
    let tokens: UnsafeMutablePointer<Int32>, targets: UnsafeMutablePointer<Int32>
    let weights: FloatBuffer
    // Gradient scratch.
    let dResidual, dNorm, dFC, dQKV, dLogits: FloatBuffer
    /// Parameter gradients of shards 1…, in layout order.
    let shardGradients: [FloatBuffer]

    init(config: GPT2Config, parameterCount: Int, rows: Int, attention: Int) {
        self.rows = rows; self.attention = attention
        let C = config.width
        encoded = FloatBuffer(rows * C)
        blocks = (0..<config.depth).map { _ in
            Block(ln1: FloatBuffer(rows * C), ln1Mean: FloatBuffer(rows), ln1Rstd: FloatBuffer(rows),
                  qkv: FloatBuffer(rows * 3 * C), attnOut: FloatBuffer(rows * C),
                  att: FloatBuffer(attention), residual2: FloatBuffer(rows * C),
                  ln2: FloatBuffer(rows * C), ln2Mean: FloatBuffer(rows), ln2Rstd: FloatBuffer(rows),
                  fcSlope: FloatBuffer(rows * 4 * C), fcGelu: FloatBuffer(rows * 4 * C), residual3: FloatBuffer(rows * C))
        }
        lnf = FloatBuffer(rows * C); lnfMean = FloatBuffer(rows); lnfRstd = FloatBuffer(rows)
        logits = FloatBuffer(rows * config.vocabSize); probs = FloatBuffer(rows * config.vocabSize)
        losses = FloatBuffer(rows)
        tokens = .allocate(capacity: max(rows, 1)); tokens.initialize(repeating: 0, count: max(rows, 1))
        targets = .allocate(capacity: max(rows, 1)); targets.initialize(repeating: 0, count: max(rows, 1))
        weights = FloatBuffer(rows)
        dResidual = FloatBuffer(rows * C); dNorm = FloatBuffer(rows * C); dFC = FloatBuffer(rows * 4 * C)
        dQKV = FloatBuffer(rows * 3 * C); dLogits = FloatBuffer(rows * config.vocabSize)
        shardGradients = (1..<max(1, availableCores)).map { _ in FloatBuffer(parameterCount) }
    }

    /// Whether a batch of this layout fits.
    func fits(_ layout: BatchLayout) -> Bool { layout.rows <= rows && layout.attention <= attention }

    deinit { tokens.deallocate(); targets.deallocate() }
}
