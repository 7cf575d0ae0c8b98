import Elicitation
import TaskSuite

/// The ways the elicitation mix frames a training problem: one per prompt a
/// strategy shows a model (docs/ladders.md#the-elicitation-mix). Each is
/// named as the strategy or template whose prompt it reproduces.
public enum Framing: String, Sendable, Codable, CaseIterable {
    case standard
    case personaExpert = "persona:expert", personaTeacher = "persona:teacher", personaProgrammer = "persona:programmer"
    case tutorialBasic = "tutorial-persona-basic", tutorialExpert = "tutorial-persona-expert"
    case tutorialTeacher = "tutorial-persona-teacher", tutorialProgrammer = "tutorial-persona-programmer"
    case fewShot = "few-shot"
    case zeroShotCoT = "zero-shot-cot"
    case fewShotCoT = "few-shot-cot"
    case enhanced
    case selfVerification = "self-verification"
    case confidence

    /// The share of a mix's training examples in this framing. Direct
    /// answers (standard, the personas, few-shot, confidence) are 0.52,
    /// step-by-step ones 0.48; among them zero-shot CoT, the prompt
    /// self-verification starts from, is the largest.
    public var share: Double {
        switch self {
        case .standard: 0.14
        case .personaExpert, .personaTeacher, .personaProgrammer: 0.04
        case .tutorialBasic, .tutorialExpert, .tutorialTeacher, .tutorialProgrammer: 0.02
        case .fewShot: 0.10
        case .zeroShotCoT: 0.18
        case .fewShotCoT: 0.08
        case .enhanced: 0.10
        case .selfVerification: 0.12
        case .confidence: 0.08
        }
    }

    /// Whether the response is a worked solution (else a direct answer).
    public var reasonsStepByStep: Bool {
        switch self {
        case .zeroShotCoT, .fewShotCoT, .enhanced, .selfVerification: true
        default: false
        }
    }
}

/// The texts of the framings whose prompts belong to templates and
/// strategies outside `PromptTemplate`'s strategy templates: the tutorial's
/// persona prompts, the self-verification check and the confidence instruction.
/// They are written here once, so that the mix can be pointed at the
/// strategies' own prompt constants and the trained prompts match the
/// evaluated ones character for character.
public enum FramingText {
    /// The tutorial's persona prompts, as its built-in templates
    /// (`TemplateLibrary`, `tutorial-persona-*`) render them for `prompt`;
    /// nil for the other framings.
    public static func tutorialPersona(_ framing: Framing, prompt: String) -> String? {
        switch framing {
        case .tutorialBasic, .tutorialExpert, .tutorialTeacher, .tutorialProgrammer:
            TemplateLibrary.builtIn(named: framing.rawValue)!.prompt.render(PromptInput(prompt: prompt))
        default: nil
        }
    }

    /// The self-verification check (`PromptTemplate.checkAnswer`), shown after
    /// a blank line below the model's first answer (`SelfVerification.checkPrompt`).
    public static var checkAnswer: String { PromptTemplate.checkAnswer.render(PromptInput(prompt: "")) }

    /// The cue the confidence line starts with (`ConfidenceStatement.keywordCue`).
    public static var confidenceCue: String { ConfidenceStatement.keywordCue }

    /// The confidence instruction before the task's prompt (`PromptTemplate.confidence`).
    public static var confidencePreamble: String { PromptTemplate.confidence.preamble }

    /// The confidence a training example states: a fixed function of the
    /// problem's number of operations, the only difficulty its text shows
    /// (2 → 8, 3 → 6, 4 → 4; 10 − 2·(operations − 1), at least 1). The
    /// generator cannot know whether a model will answer correctly, so no
    /// stated confidence can be about the model's own answer, and no
    /// training example abstains (docs/ladders.md#the-elicitation-mix).
    public static func statedConfidence(operations: Int) -> Int { max(1, 10 - 2 * (operations - 1)) }
}
