import EmergeSupport
import EmergeTestSupport
import Foundation
import InferenceCore
import Testing
import TaskSuite
@testable import Training

@Suite struct TrainerTests {
    static let config = GPT2Config(vocabSize: 19, contextLength: 20, width: 16, depth: 2, heads: 2)
    static let task = ArithmeticTask(operation: .addition, digits: 2)

    func makeTrainer(seed: UInt64, steps: Int = 6) -> Trainer {
        Trainer(config: Self.config, vocabulary: .arithmetic, data: .generator(Self.task),
                options: TrainingOptions(steps: steps, batchSize: 8, learningRate: 3e-3, warmupSteps: 2, seed: seed))
    }

    func bytes(_ directory: URL, _ file: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(file))
    }

    @Test func sameSeedGivesBitIdenticalCheckpoints() throws {
        let directory = try makeTemporaryDirectory("training")
        defer { try? FileManager.default.removeItem(at: directory) }
        var saved: [Data] = []
        for (name, seed) in [("a", UInt64(5)), ("b", 5), ("c", 6)] {
            let trainer = makeTrainer(seed: seed)
            while !trainer.isFinished { try trainer.trainStep() }
            try Checkpoint.save(trainer, to: directory.appendingPathComponent(name))
            saved.append(try bytes(directory.appendingPathComponent(name), "model.safetensors"))
        }
        #expect(saved[0] == saved[1])
        #expect(saved[0] != saved[2])
    }

    /// A batch shorter than an earlier one runs in the front of the buffers the
    /// model already has: same loss and gradients, bit for bit, as a model
    /// that never saw the longer batch.
    @Test func shorterBatchesAfterLongerOnesGiveTheSameBits() {
        var rng = SplitMix64(seed: 8)
        func batch(_ B: Int, _ T: Int) -> (tokens: [Int32], targets: [Int32], weights: [Float]) {
            ((0..<(B * T)).map { _ in Int32.random(in: 0..<19, using: &rng) },
             (0..<(B * T)).map { _ in Int32.random(in: 0..<19, using: &rng) },
             (0..<(B * T)).map { _ in Float(Int.random(in: 0...1, using: &rng)) })
        }
        let long = batch(4, 20), short = batch(4, 7)
        let warmed = GPT2Model(config: Self.config), fresh = GPT2Model(config: Self.config)
        warmed.initialize(seed: 2); fresh.initialize(seed: 2)
        warmed.forward(tokens: long.tokens, targets: long.targets, weights: long.weights, batch: 4, length: 20)
        warmed.zeroGradients(); warmed.backward()
        var losses: [Float] = []
        for model in [warmed, fresh] {
            losses.append(model.forward(tokens: short.tokens, targets: short.targets, weights: short.weights, batch: 4, length: 7))
            model.zeroGradients(); model.backward()
        }
        #expect(losses[0] == losses[1])
        #expect(Array(warmed.gradients) == Array(fresh.gradients))
        #expect(warmed.logits(tokens: short.tokens, batch: 4, length: 7) == fresh.logits(tokens: short.tokens, batch: 4, length: 7))
    }

    /// Telling the model each sequence's real length drops the padding
    /// before the first layer; the loss, every gradient and the real rows'
    /// probabilities stay those of computing the padding too (to rounding:
    /// the sums run over fewer rows) — on fresh buffers and on buffers a
    /// longer batch left full of other numbers, which give the same bits.
    @Test func droppingPaddingChangesNeitherLossNorGradients() {
        var rng = SplitMix64(seed: 9)
        let B = 5, T = 20, lengths = [20, 3, 11, 1, 16]
        let tokens = (0..<(B * T)).map { _ in Int32.random(in: 0..<19, using: &rng) }
        let targets = (0..<(B * T)).map { _ in Int32.random(in: 0..<19, using: &rng) }
        let weights = (0..<(B * T)).map { i in i % T < lengths[i / T] ? Float(Int.random(in: 0...1, using: &rng)) : 0 }
        let whole = GPT2Model(config: Self.config), packed = GPT2Model(config: Self.config), warmed = GPT2Model(config: Self.config)
        for model in [whole, packed, warmed] { model.initialize(seed: 4) }
        let noise = (0..<(B * T)).map { _ in Int32.random(in: 0..<19, using: &rng) }
        warmed.forward(tokens: noise, targets: noise, weights: [Float](repeating: 1, count: B * T), batch: B, length: T)
        warmed.zeroGradients(); warmed.backward()

        let expected = whole.forward(tokens: tokens, targets: targets, weights: weights, batch: B, length: T)
        whole.zeroGradients(); whole.backward()
        var losses: [Float] = []
        for model in [packed, warmed] {
            losses.append(model.forward(tokens: tokens, targets: targets, weights: weights, batch: B, length: T, lengths: lengths))
            model.zeroGradients(); model.backward()
            #expect(abs(losses.last! - expected) < 1e-6)
            let worst = zip(model.gradients, whole.gradients).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-6, "largest gradient difference \(worst)")
            for row in 0..<(B * T) {
                let p = model.probabilities(row: row)
                if row % T < lengths[row / T] {
                    #expect(zip(p, whole.probabilities(row: row)).allSatisfy { abs($0 - $1) < 1e-6 }, "row \(row)")
                } else {
                    #expect(p.isEmpty, "padding row \(row) has no probabilities")
                }
            }
        }
        #expect(losses[0] == losses[1])
        #expect(Array(packed.gradients) == Array(warmed.gradients))
    }

    @Test func batchesKnowEachRowsRealLength() throws {
        let examples = [Self.task.example(47, 21), Self.task.example(5, 3)]
        let batch = try TokenBatch(examples: examples, vocabulary: .arithmetic, lossOn: .all)
        let lengths = examples.map { $0.prompt.count + $0.target.count - 1 }
        #expect(batch.lengths == lengths)
        #expect(batch.length == lengths.max())
        for row in 0..<2 {
            let rowWeights = batch.weights[(row * batch.length)..<((row + 1) * batch.length)]
            #expect(rowWeights.prefix(lengths[row]).allSatisfy { $0 == 1 })
            #expect(rowWeights.dropFirst(lengths[row]).allSatisfy { $0 == 0 })
        }
    }

    @Test func resumedRunEqualsUninterruptedRun() throws {
        let directory = try makeTemporaryDirectory("training")
        defer { try? FileManager.default.removeItem(at: directory) }
        let straight = makeTrainer(seed: 3)
        var straightLosses: [Float] = []
        while !straight.isFinished { straightLosses.append(try straight.trainStep().loss) }
        try Checkpoint.save(straight, to: directory.appendingPathComponent("straight"))

        let first = makeTrainer(seed: 3)
        var losses: [Float] = []
        for _ in 0..<3 { losses.append(try first.trainStep().loss) }
        try Checkpoint.save(first, to: directory.appendingPathComponent("split"))
        let resumed = try Checkpoint.resume(from: directory.appendingPathComponent("split"), data: .generator(Self.task))
        #expect(resumed.step == 3)
        while !resumed.isFinished { losses.append(try resumed.trainStep().loss) }
        try Checkpoint.save(resumed, to: directory.appendingPathComponent("split"))

        #expect(losses == straightLosses)
        for file in ["model.safetensors", Checkpoint.stateFile, "config.json", "tokenizer.json"] {
            #expect(try bytes(directory.appendingPathComponent("split"), file) == bytes(directory.appendingPathComponent("straight"), file), "\(file)")
        }
    }

    @Test func resumeRefusesDifferentOptions() throws {
        let directory = try makeTemporaryDirectory("training")
        defer { try? FileManager.default.removeItem(at: directory) }
        let trainer = makeTrainer(seed: 1)
        try trainer.trainStep()
        try Checkpoint.save(trainer, to: directory.appendingPathComponent("run"))
        var other = trainer.options
        other.learningRate *= 2
        #expect(throws: CheckpointError.self) {
            _ = try Checkpoint.resume(from: directory.appendingPathComponent("run"), data: .generator(Self.task), options: other)
        }
        other = trainer.options
        other.steps = 20  // extending a run is allowed
        #expect(try Checkpoint.resume(from: directory.appendingPathComponent("run"), data: .generator(Self.task), options: other).options.steps == 20)
    }

    @Test func lossFallsOnATinyTask() throws {
        let trainer = Trainer(config: Self.config, vocabulary: .arithmetic, data: .generator(Self.task),
                              options: TrainingOptions(steps: 60, batchSize: 16, learningRate: 1e-2, warmupSteps: 5, seed: 2))
        let first = try trainer.trainStep().loss
        var last = first
        while !trainer.isFinished { last = try trainer.trainStep().loss }
        #expect(first > 2.5)  // ≈ ln 19 at initialisation
        #expect(last < first - 0.8)
    }

    @Test func batchesMaskEverythingButTheTarget() throws {
        let example = Self.task.example(47, 21)  // "Q: 47+21= A: " + "068\n"
        let batch = try TokenBatch(examples: [example], vocabulary: .arithmetic, lossOn: .target)
        #expect(batch.length == example.prompt.count + example.target.count - 1)
        let trained = zip(batch.targets, batch.weights).filter { $0.1 == 1 }.map { Int($0.0) }
        #expect(CharVocabulary.arithmetic.decode(trained) == "068\n")
        let all = try TokenBatch(examples: [example], vocabulary: .arithmetic, lossOn: .all)
        #expect(all.weights.allSatisfy { $0 == 1 })
    }

    /// A trained checkpoint loads in the inference core: same tokenization,
    /// same per-token log-probs (to float32 rounding of two implementations)
    /// and the same greedy choices.
    @Test func checkpointReloadsInInferenceCore() throws {
        let directory = try makeTemporaryDirectory("training")
        defer { try? FileManager.default.removeItem(at: directory) }
        let trainer = Trainer(config: Self.config, vocabulary: .arithmetic, data: .generator(Self.task),
                              options: TrainingOptions(steps: 30, batchSize: 16, learningRate: 1e-2, warmupSteps: 5, seed: 4))
        while !trainer.isFinished { try trainer.trainStep() }
        let checkpoint = directory.appendingPathComponent("model")
        try Checkpoint.save(trainer, to: checkpoint)

        let loaded = try CausalLM.load(directory: checkpoint)
        #expect(loaded.parameterCount == Self.config.parameterCount)
        let text = "Q: 47+21= A: 068\n"
        let ids = try CharVocabulary.arithmetic.encode(text)
        #expect(try loaded.tokenizer.encode(text) == ids)
        #expect(loaded.tokenizer.decode(ids) == text)
        #expect(loaded.endOfTextTokenID == CharVocabulary.arithmetic.id(of: "\n"))

        let scores = try loaded.score(ids: ids)
        let logits = trainer.model.logits(tokens: ids.map(Int32.init), batch: 1, length: ids.count)
        let V = Self.config.vocabSize
        for (k, score) in scores.enumerated() {
            let row = logits[(k * V)..<(k * V + V)].map(Double.init)
            let maximum = row.max()!
            let logSum = maximum + log(row.map { exp($0 - maximum) }.reduce(0, +))
            let mine = row[ids[k + 1]] - logSum
            #expect(abs(mine - score.logprob) < 1e-5, "position \(k + 1): \(mine) vs \(score.logprob)")
            #expect(row.firstIndex(of: maximum) == score.greedyTokenID)
        }

        let reloaded = try GPT2Model.load(directory: checkpoint)
        #expect(reloaded.parameterArray() == trainer.model.parameterArray())
    }
}
