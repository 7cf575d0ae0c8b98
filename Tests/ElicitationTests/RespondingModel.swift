import Foundation
@testable import Elicitation

/// A constructed model whose every response the test writes: `respond` maps
/// the whole prompt (a chat model: the turns) to the response text, which is
/// then cut at the generation's stop conditions as any backend cuts it.
/// Tokens are Unicode scalars with log-probability −0.1. It stands in for a
/// language model's choices, which the tests need to control; everything
/// that reads the responses is the real code. Every prompt it was given is
/// kept in order.
final class RespondingModel: TextModel, @unchecked Sendable {
    let respond: (StrategyPrompt) -> String
    let isChatModel: Bool
    private(set) var prompts: [StrategyPrompt] = []

    init(chat: Bool = false, respond: @escaping (StrategyPrompt) -> String) {
        self.respond = respond; self.isChatModel = chat
    }

    var name: String { "responding" }
    func encode(_ text: String) -> [Int] { text.unicodeScalars.map { Int($0.value) } }
    func decode(_ ids: [Int]) -> String { String(String.UnicodeScalarView(ids.compactMap { Unicode.Scalar(UInt32($0)) })) }

    func generate(prompt: String, settings: GenerationSettings) throws -> TextGeneration {
        try generate(StrategyPrompt(text: prompt), continuing: "", settings: settings)
    }

    func generate(_ prompt: StrategyPrompt, continuing response: String, settings: GenerationSettings) throws -> TextGeneration {
        let shown = isChatModel ? prompt : StrategyPrompt(text: prompt.text + response, turns: prompt.turns)
        prompts.append(shown)
        var text = String(respond(shown).prefix(settings.maxTokens))
        var finish = TextFinishReason.endOfText
        var stop: String?
        if let cut = settings.stopCut(in: text) {
            text = String(text[..<cut.cut]); finish = .stop; stop = cut.stop
        } else if text.count == settings.maxTokens {
            finish = .length
        }
        return TextGeneration(text: text, tokens: tokens(text), finishReason: finish, stopString: stop)
    }

    func scoreContinuations(_ requests: [ContinuationRequest]) throws -> [[ScoredToken]] {
        requests.map { tokens($0.continuation) }
    }

    private func tokens(_ text: String) -> [ScoredToken] {
        encode(text).map { ScoredToken(tokenID: $0, text: String(Unicode.Scalar(UInt32($0))!), logprob: -0.1) }
    }
}
