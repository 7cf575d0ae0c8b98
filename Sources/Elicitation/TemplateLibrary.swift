import Foundation

/// The built-in templates (docs/elicitation.md#templates): every strategy's
/// own prompt, exactly as `--strategy` renders it, and the tutorial's
/// prompts word for word.
public enum TemplateLibrary {
    /// Every built-in: the strategies' templates (in `Strategy.all` order), then the tutorial's.
    public static var builtIns: [StrategyTemplate] { strategyTemplates + tutorial }

    /// Each strategy's own template, named after it; running one is running the strategy.
    public static var strategyTemplates: [StrategyTemplate] {
        Strategy.all.map { strategy in
            StrategyTemplate(name: strategy.name, description: strategyDescriptions[strategy.name] ?? "the \(strategy.name) strategy's prompt",
                             strategy: strategy, prompt: strategy.template)
        }
    }

    /// The built-in named `name`, or nil.
    public static func builtIn(named name: String) -> StrategyTemplate? { builtIns.first { $0.name == name } }

    /// The template `nameOrPath` names: a built-in's name, else a template
    /// file's path (write `./NAME` for a file named like a built-in).
    /// Throws `TemplateFileError` for a file that cannot be read, and
    /// `TemplateLookupError` when neither exists or a file takes a built-in's name.
    public static func template(named nameOrPath: String) throws -> StrategyTemplate {
        if let builtIn = builtIn(named: nameOrPath) { return builtIn }
        guard FileManager.default.fileExists(atPath: nameOrPath) else {
            throw TemplateLookupError.notFound(nameOrPath, builtIns: builtIns.map(\.name))
        }
        let template = try TemplateFile.load(path: nameOrPath)
        if builtIn(named: template.name) != nil { throw TemplateLookupError.builtInName(file: nameOrPath, name: template.name) }
        return template
    }

    private static let strategyDescriptions: [String: String] = [
        "standard": "the task's prompt unchanged, answered directly",
        "few-shot": "exemplars with their answers only, then the prompt, answered directly",
        "zero-shot-cot": "the question with the step-by-step trigger",
        "few-shot-cot": "worked exemplars, then the question with the step-by-step trigger",
        "enhanced": "stepwise expert instructions before the zero-shot CoT prompt",
        "persona:expert": "an expert's one-sentence role before the prompt",
        "persona:teacher": "a teacher's one-sentence role before the prompt",
        "persona:programmer": "a programmer's one-sentence role before the prompt",
        "self-verification": "the zero-shot CoT prompt, then checks of the answer that may revise it",
        "confidence": "may abstain with 'I don't know', then states a confidence 1-10, before the prompt",
        "format:json": "asks for a JSON object with the reasoning, then the answer, before the prompt",
        "self-consistency": "the zero-shot CoT prompt, sampled and voted",
        "tree-of-thoughts": "the zero-shot CoT prompt, searched step by step",
    ]
}

extension TemplateLibrary {
    /// The tutorial's prompts, word for word; its `{question}` and
    /// `{problem}` are `{bare_question}`, and an exemplar's `question`,
    /// `reasoning` and `answer` are `{exemplar_bare_question}`,
    /// `{exemplar_reasoning}` and `{exemplar_answer}`.
    public static let tutorial: [StrategyTemplate] = [
        StrategyTemplate(
            name: "tutorial-standard", description: "the tutorial's standard_prompt: an instruction, the question, answered directly",
            strategy: .standard,
            prompt: PromptTemplate(body: "\nAnswer the following question:\n\nQ: {bare_question}\nA:")),
        StrategyTemplate(
            name: "tutorial-cot", description: "the tutorial's cot_prompt: asks for reasoning, then the step-by-step trigger",
            strategy: .zeroShotCoT,
            prompt: PromptTemplate(body: """

                Answer the following question step by step.
                Show your reasoning before giving the final answer.

                Q: {bare_question}
                A: Let's think step by step.
                """)),
        StrategyTemplate(
            name: "tutorial-zero-shot-cot", description: "the tutorial's zero_shot_cot: the question and the step-by-step trigger",
            strategy: .zeroShotCoT,
            prompt: PromptTemplate(body: "\nQ: {bare_question}\nA: Let's think step by step.")),
        StrategyTemplate(
            name: "tutorial-few-shot-cot",
            description: "the tutorial's few_shot_cot_prompt: a header, worked exemplars, the question with the trigger",
            strategy: .fewShotCoT,
            prompt: PromptTemplate(
                preamble: "Solve the following problems step by step:\n\n",
                exemplar: "Q: {exemplar_bare_question}\nA: {exemplar_reasoning}\n   The answer is {exemplar_answer}.\n\n",
                body: "Q: {bare_question}\nA: Let's think step by step."),
            settings: StrategySettings(exemplars: 2)),
        StrategyTemplate(
            name: "tutorial-enhanced", description: "the tutorial's enhanced_prompt: an expert's five steps around the question",
            strategy: .enhanced,
            prompt: PromptTemplate(body: """
                You are an expert problem solver. Follow these steps carefully:

                1. First, understand what the question is asking
                2. Identify the key information and constraints
                3. Think through the solution step by step
                4. Double-check your reasoning
                5. Provide your final answer clearly

                Question: {bare_question}

                Solution:
                Let me work through this systematically.

                """)),
        StrategyTemplate(
            name: "tutorial-persona-basic", description: "the tutorial's basic persona prompt: no role",
            strategy: .standard, prompt: PromptTemplate(body: "Solve: {bare_question}")),
        tutorialPersona("expert", """
            You are a mathematics professor with 30 years of experience.
            Solve the following problem with the precision and rigor expected in academia.
            """),
        tutorialPersona("teacher", """
            You are a patient high school math teacher.
            Explain your solution clearly so a student can follow along.
            """),
        tutorialPersona("programmer", """
            You are a software engineer.
            Approach this problem systematically, as if writing an algorithm.
            """),
    ]

    /// A tutorial persona: its role (the system turn for a chat model), a blank line, `Problem: ` and the question.
    private static func tutorialPersona(_ persona: String, _ role: String) -> StrategyTemplate {
        StrategyTemplate(name: "tutorial-persona-\(persona)", description: "the tutorial's \(persona) persona prompt",
                         strategy: .standard,
                         prompt: PromptTemplate(preamble: role + "\n\n", body: "Problem: {bare_question}"))
    }
}

/// A template name that is neither a built-in nor a file, or a file that takes a built-in's name.
public enum TemplateLookupError: Error, CustomStringConvertible, Equatable {
    case notFound(String, builtIns: [String])
    case builtInName(file: String, name: String)

    public var description: String {
        switch self {
        case let .notFound(name, builtIns):
            "No built-in template is named \(name) and there is no such file. Built-in templates: "
                + builtIns.joined(separator: ", ") + " (emerge-analyze templates prints them)."
        case let .builtInName(file, name):
            "\(file): the name \(name) is a built-in template's; give the template another name: (its runs are stored as template:<name>)."
        }
    }
}
