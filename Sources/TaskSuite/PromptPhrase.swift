/// The fixed phrases that worked solutions, prompts and answer extraction
/// share. Each is written here once: a ladder trained on TaskSuite's
/// scratchpads must see exactly the phrases the prompting strategies show
/// and the answer extraction looks for.
public enum PromptPhrase {
    /// The chain-of-thought trigger of Kojima et al. 2022: the opening line of
    /// every scratchpad solution and the end of every step-by-step prompt.
    public static let stepByStep = "Let's think step by step."

    /// The cue before a final answer: worked solutions end with
    /// "The answer is X.", step-by-step generation stops after the line that
    /// holds it, and answer extraction reads X after it (ignoring case).
    public static let theAnswerIs = "The answer is"
}
