import TaskSuite

/// The prompts of the strategies that ask a model to check, rate or shape
/// its own answer, in the tutorial's words ("Check your answer", "Verify
/// each step", "If unsure, say 'I don't know'", "Rate your confidence
/// (1-10)", "Answer in JSON format", "Provide your reasoning, then the
/// answer", and tree of thoughts' "Rate this step (0-10):"). Each is a
/// `PromptTemplate` like the other strategies' prompts; docs/elicitation.md
/// shows each one rendered.
extension PromptTemplate {
    /// `self-verification`'s check, shown after the model's answer (see
    /// `SelfVerification`). It asks for the final answer in the form answer
    /// extraction reads first, "The answer is X.".
    public static let checkAnswer = PromptTemplate(
        body: "Check your answer. Verify each step, then finish with a line "
            + "\"\(PromptPhrase.theAnswerIs) X.\" where X is your final answer.\n")

    /// `confidence`: may abstain, then states a confidence on its own line
    /// (`ConfidenceStatement` reads it), before the task's prompt unchanged.
    public static let confidence = PromptTemplate(
        preamble: "If unsure, say 'I don't know'.\n"
            + "Rate your confidence (1-10) on a line \"\(ConfidenceStatement.keywordCue) N\" after your answer.\n\n",
        body: "{prompt}")

    /// `format:json`: one JSON object with the reasoning and then the answer
    /// (`JSONAnswer` reads it), before the task's prompt unchanged.
    public static let formatJSON = PromptTemplate(
        preamble: "Answer in JSON format: {\"reasoning\": \"...\", \"answer\": \"...\"}\n"
            + "Provide your reasoning, then the answer.\n\n",
        body: "{prompt}")

    /// Tree of thoughts scored by the model itself: the rating prompt of one
    /// proposed step, `{state}` being the problem and the steps before it
    /// joined by " → ", `{thought}` the step (see `StepRater`).
    public static let rateStep = PromptTemplate(body: "State: {state}\nThought: {thought}\nRate this step (0-10):")

    /// `rateStep` filled with `state` and `thought` (one pass: braces inside them stay as written).
    public func renderStepRating(state: String, thought: String) -> String {
        fill(preamble + body, ["state": state, "thought": thought])
    }
}
