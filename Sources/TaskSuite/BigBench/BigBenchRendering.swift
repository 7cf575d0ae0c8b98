/// The prompts BIG-bench shows a model for a JSON task, character for
/// character (see `docs/bigbench.md` for a rendered example).
///
/// The rules, in BIG-bench's order:
/// 1. An example's *formatted input* is `example_input_prefix`, the input,
///    then — for an example with `target_scores` when `append_choices_to_input`
///    holds — `choice_prefix` before each choice, and finally
///    `example_output_prefix`. The choices are listed in a shuffled order:
///    sorted by code point, then permuted by `numpy.random.RandomState(42)`'s
///    `permutation(n)`, drawn afresh for every example (so every example with
///    n choices gets the same permutation of its sorted choices).
/// 2. A zero-shot prompt is `task_prefix` followed by the formatted input.
/// 3. A k-shot prompt is `task_prefix`, then k exemplars — each another
///    example's formatted input followed by one of its acceptable targets —
///    joined by `few_shot_example_separator`, then that separator again, then
///    the formatted input of the question. Which exemplars and targets appear
///    is `BigBenchExemplars`' draw.
public enum BigBenchPrompt {
    /// The seed BIG-bench shuffles choices (and draws exemplars) with by default.
    public static let defaultSeed: UInt32 = 42

    /// The choices in the order the prompt lists them (rule 1).
    public static func listedChoices(_ choices: [String], seed: UInt32 = defaultSeed) -> [String] {
        // Python sorts strings by code point, which is the order of their UTF-8 bytes.
        let sorted = choices.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var random = NumpyRandomState(seed: seed)
        return random.permutation(sorted.count).map { sorted[$0] }
    }

    /// The example's formatted input (rule 1), without the task prefix.
    public static func formattedInput(_ example: BigBenchExample, format: BigBenchFormat,
                                      seed: UInt32 = defaultSeed) -> String {
        var text = format.inputPrefix + example.input
        if let choices = example.choices, format.appendChoicesToInput {
            text += format.choicePrefix + listedChoices(choices, seed: seed).joined(separator: format.choicePrefix)
        }
        return text + format.outputPrefix
    }

    /// The zero-shot prompt of an example (rule 2): what emerge stores as the example's prompt.
    public static func zeroShot(_ example: BigBenchExample, format: BigBenchFormat) -> String {
        format.taskPrefix + formattedInput(example, format: format)
    }

    /// The k-shot prompt (rule 3) for a question given by its formatted input,
    /// with exemplars given as (formatted input, shown target) pairs in order.
    /// With no exemplars it is the zero-shot prompt.
    public static func fewShot(question: String, exemplars: [(input: String, target: String)],
                               format: BigBenchFormat) -> String {
        guard !exemplars.isEmpty else { return format.taskPrefix + question }
        let shots = exemplars.map { $0.input + $0.target }.joined(separator: format.fewShotSeparator)
        return format.taskPrefix + shots + format.fewShotSeparator + question
    }
}
