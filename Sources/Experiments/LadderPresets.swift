import TaskSuite
import Training

extension LadderPlan {
    /// The word-unscrambling ladder (`train-ladder --task unscramble`):
    /// five rungs from 32×2 to 128×3 (about 30,000 to 600,000 parameters,
    /// the span in which 3-digit addition goes from floor to ceiling on the
    /// same recipe), 1,500 steps × 64 sequences, one seed per size and 1,000
    /// test examples (95% intervals of at most ±3.1 points).
    ///
    /// Why these: an unscrambling sequence is about 30 positions (the longest
    /// prompt `Q: unscramble ` + six letters + ` A: ` and the word), 1.6 times
    /// an addition sequence, over 31 characters, so the addition recipe's
    /// budget and size span are the natural first ladder; five rungs spread
    /// evenly in log-parameters, because where (and whether) exact match
    /// leaves its floor is not known in advance. Test words are never
    /// trained on (the split is by word), so exact match asks for a word the
    /// model has never written. About 2 × 10¹³ training FLOPs in all, about
    /// 4 minutes on two idle cores (docs/ladders.md has the measurement and
    /// what the ladder learns).
    /// With `quick` three of the rungs (32×2, 64×3, 128×3) and 500 test
    /// examples.
    public static func unscramble(seed: UInt64 = 0, quick: Bool = false) -> LadderPlan {
        let sizes = quick ? [(32, 2), (64, 3), (128, 3)] : [(32, 2), (48, 2), (64, 3), (96, 3), (128, 3)]
        return LadderPlan(task: WordUnscrambleTask(), rungs: sizes.map { LadderRung(width: $0.0, depth: $0.1) },
                          training: TrainingOptions(steps: 1500, batchSize: 64, seed: seed),
                          testExamples: quick ? 500 : 1000)
    }

    /// The preset `train-ladder` starts from for a task name: the
    /// unscrambling ladder for `unscramble`, else the addition presets
    /// (`full`, or `quick`) with the named task in their place. Throws
    /// `LadderError.notTrainable` for a name that is not a generated task a
    /// ladder can train on (a task file, an arithmetic `-scratchpad` task).
    public static func preset(task name: String, quick: Bool, seed: UInt64) throws -> LadderPlan {
        if name == "unscramble" { return unscramble(seed: seed, quick: quick) }
        guard let task = TaskCatalog.generator(named: name) as? any LengthBoundedTask,
              (task as? ArithmeticTask)?.scratchpad != true else {
            throw LadderError.notTrainable(name)
        }
        var plan = quick ? LadderPlan.quick(seed: seed) : LadderPlan.full(seed: seed)
        plan.task = task
        return plan
    }
}
