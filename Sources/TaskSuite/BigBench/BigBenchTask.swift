/// A BIG-bench JSON task (Srivastava et al. 2022), as read from its
/// `task.json` by `BigBenchTaskReader`. See `docs/bigbench.md`.
///
/// A subtask is a task of its own, named `parent:subtask` the way BIG-bench
/// names it (`arithmetic:2_digit_addition`).
public struct BigBenchTask: Sendable, Equatable {
    /// The task's name; for a subtask `parent:subtask`, both parts taken from
    /// the files' `name` keys with every non-ASCII character replaced by `?`
    /// (BIG-bench does the same to its names).
    public var name: String
    public var description: String?
    public var keywords: [String]
    /// The metrics the file lists (`exact_str_match`, `multiple_choice_grade`, …).
    public var metrics: [String]
    public var preferredScore: String?
    public var format: BigBenchFormat
    /// The distinct examples in file order (BIG-bench drops exact duplicates,
    /// keeping the first; `duplicatesDropped` says how many went).
    public var examples: [BigBenchExample]
    public var duplicatesDropped: Int
    /// The `task.json` the task was read from.
    public var file: String

    public init(name: String, description: String? = nil, keywords: [String] = [], metrics: [String] = [],
                preferredScore: String? = nil, format: BigBenchFormat = BigBenchFormat(),
                examples: [BigBenchExample], duplicatesDropped: Int = 0, file: String = "") {
        self.name = name; self.description = description; self.keywords = keywords; self.metrics = metrics
        self.preferredScore = preferredScore; self.format = format; self.examples = examples
        self.duplicatesDropped = duplicatesDropped; self.file = file
    }

    /// How BIG-bench evaluates the task, decided by its metrics as BIG-bench
    /// decides: any generative metric → the model generates (`generation`);
    /// else any multiple-choice metric → choices are scored
    /// (`multipleChoice`); else only `log_likelihood` → the target is scored
    /// (`loss`). A file without metrics is `generation` when its examples have
    /// targets, else `multipleChoice`.
    public var kind: BigBenchTaskKind {
        if metrics.contains(where: BigBenchMetrics.generative.contains) { return .generation }
        if metrics.contains(where: BigBenchMetrics.multipleChoice.contains) { return .multipleChoice }
        if metrics.contains(where: BigBenchMetrics.scoring.contains) { return .loss }
        return examples.allSatisfy(\.hasTarget) ? .generation : .multipleChoice
    }
}

/// What a model is asked to do on a BIG-bench task; the raw values are the
/// results store's task kinds.
public enum BigBenchTaskKind: String, Sendable, Equatable {
    case generation
    case multipleChoice = "multiple-choice"
    case loss
}

/// BIG-bench's metric names by how they are computed.
public enum BigBenchMetrics {
    /// Computed on generated text.
    public static let generative: Set<String> = [
        "bleu", "bleurt", "exact_str_match", "case_insensitive_str_match", "sequence_f1",
        "numeric_match_with_0_1_relative_error", "rouge",
    ]
    /// Computed on the log-probabilities of the choices.
    public static let multipleChoice: Set<String> = [
        "multiple_choice_grade", "calibration_multiple_choice_brier_score", "expected_calibration_error",
        "weighted_log_probabilities", "weighted_probabilities", "macro_f1",
    ]
    /// Computed on the log-probability of the target.
    public static let scoring: Set<String> = ["log_likelihood"]
}

/// One example of a BIG-bench task.
public struct BigBenchExample: Sendable, Equatable {
    /// The example's `input`, as written.
    public var input: String
    /// The acceptable targets, first one first: `target` as written (a string
    /// is a list of one). An example without `target` has one: the first
    /// choice (in file order) with the highest score, as BIG-bench sets it.
    public var targets: [String]
    /// `target_scores`: the choices in file order and their scores; nil without it.
    public var choices: [String]?
    public var scores: [Double]?
    /// The index into `choices` of the first highest score (nil without choices).
    public var gold: Int?
    /// Whether the file gives `target` (false: `targets` comes from the scores).
    public var hasTarget: Bool

    public init(input: String, targets: [String], choices: [String]? = nil, scores: [Double]? = nil,
                gold: Int? = nil, hasTarget: Bool = true) {
        self.input = input; self.targets = targets; self.choices = choices; self.scores = scores
        self.gold = gold; self.hasTarget = hasTarget
    }
}

/// The formatting keys of a BIG-bench JSON task, with BIG-bench's defaults.
/// Stored with the task (as JSON under these snake_case keys) so that `eval`
/// renders few-shot prompts and post-processes outputs by the task's rules.
public struct BigBenchFormat: Codable, Sendable, Equatable, Hashable {
    /// `task_prefix`: text before everything else (default empty).
    public var taskPrefix: String
    /// `example_input_prefix`: before each example's input (default `"\nQ: "`).
    public var inputPrefix: String
    /// `example_output_prefix`: after the input and its choices, where the
    /// answer starts (default `"\nA: "`).
    public var outputPrefix: String
    /// `choice_prefix`: before each choice appended to the input (default `"\n  choice: "`).
    public var choicePrefix: String
    /// `append_choices_to_input`: whether a multiple-choice input lists its choices (default true).
    public var appendChoicesToInput: Bool
    /// `few_shot_example_separator`: between exemplars and before the question (default `"\n"`).
    public var fewShotSeparator: String
    /// `stop_string`: generated text is cut after its first occurrence.
    public var stopString: String?
    /// `output_regex`: the answer is the first match in the generated text.
    public var outputRegex: String?

    public init(taskPrefix: String = "", inputPrefix: String = "\nQ: ", outputPrefix: String = "\nA: ",
                choicePrefix: String = "\n  choice: ", appendChoicesToInput: Bool = true,
                fewShotSeparator: String = "\n", stopString: String? = nil, outputRegex: String? = nil) {
        self.taskPrefix = taskPrefix; self.inputPrefix = inputPrefix; self.outputPrefix = outputPrefix
        self.choicePrefix = choicePrefix; self.appendChoicesToInput = appendChoicesToInput
        self.fewShotSeparator = fewShotSeparator; self.stopString = stopString; self.outputRegex = outputRegex
    }

    enum CodingKeys: String, CodingKey {
        case taskPrefix = "task_prefix", inputPrefix = "example_input_prefix",
             outputPrefix = "example_output_prefix", choicePrefix = "choice_prefix",
             appendChoicesToInput = "append_choices_to_input", fewShotSeparator = "few_shot_example_separator",
             stopString = "stop_string", outputRegex = "output_regex"
    }
}
