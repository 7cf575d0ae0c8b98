import Foundation
import TaskSuite

/// Who speaks a turn of a conversation.
public enum ChatRole: String, Codable, Sendable {
    case system, user, assistant
}

/// One turn of a conversation, as a strategy shows it to a chat model.
public struct ChatTurn: Codable, Sendable, Equatable {
    public var role: ChatRole
    public var content: String
    public init(_ role: ChatRole, _ content: String) { self.role = role; self.content = content }
}

/// A strategy's prompt in both forms a model can take: the text a
/// completion model continues, and the same prompt as conversation turns
/// for a chat model (docs/elicitation.md#chat-models).
public struct StrategyPrompt: Sendable, Equatable {
    public var text: String
    public var turns: [ChatTurn]

    public init(text: String, turns: [ChatTurn]) { self.text = text; self.turns = turns }

    /// A text prompt shown to a chat model as one user turn.
    public init(text: String) { self.init(text: text, turns: [ChatTurn(.user, text)]) }
}

extension PromptTemplate {
    /// The prompt for `input` as turns: the preamble (a persona, an
    /// instruction) as the system turn, each exemplar as a user turn with its
    /// question and an assistant turn with its worked solution (the answer
    /// it states alone when the exemplar template shows `{exemplar_answer}`
    /// and neither solution nor reasoning, as `few-shot` does), then the body
    /// (the question, with a chain-of-thought trigger where the template
    /// puts one) as the last user turn. Surrounding whitespace is trimmed:
    /// turns carry no layout of their own.
    private var showsAnswerOnly: Bool {
        exemplar.contains("{exemplar_answer}") && !exemplar.contains("{exemplar_solution}")
            && !exemplar.contains("{exemplar_reasoning}")
    }

    public func turns(_ input: PromptInput, exemplarCount: Int = 0) -> [ChatTurn] {
        var turns: [ChatTurn] = []
        let system = preamble.trimmingCharacters(in: .whitespacesAndNewlines)
        if !system.isEmpty { turns.append(ChatTurn(.system, system)) }
        if !exemplar.isEmpty {
            for shot in input.exemplars.prefix(max(0, exemplarCount)) {
                turns.append(ChatTurn(.user, shot.prompt.trimmingCharacters(in: .whitespacesAndNewlines)))
                let reply = showsAnswerOnly ? extractAnswer(fromTarget: shot.solution)
                    : shot.solution.trimmingCharacters(in: .whitespacesAndNewlines)
                turns.append(ChatTurn(.assistant, reply))
            }
        }
        let body = fill(body, Self.questionValues(input))
        turns.append(ChatTurn(.user, body.trimmingCharacters(in: .whitespacesAndNewlines)))
        return turns
    }
}
