import Elicitation
import OpenAIWire
import RemoteBackend
import Testing

@Suite("RemoteChatModel: what a strategy's turns become on the wire, and what an answer becomes")
struct ChatModelTests {
    static let model = RemoteChatModel(client: try! OpenAIClient(baseURL: "http://127.0.0.1:9/v1"), modelName: "m", topK: 2)
    static let turns = [ChatTurn(.system, "You are a teacher."), ChatTurn(.user, "Q: 1+1= A:")]

    @Test("a fresh answer opens the assistant turn; a partial one is continued with continue_final_message")
    func requests() {
        let settings = GenerationSettings(maxTokens: 9, temperature: 0.5, seed: 4, stop: ["\n", ""])
        let fresh = Self.model.request(Self.turns, answered: "", settings: settings, stops: settings.stop, maxTokens: 9)
        #expect(fresh.messages.map(\.role) == ["system", "user"])
        #expect(fresh.continueFinalMessage == nil && fresh.addGenerationPrompt == nil)
        #expect(fresh.stop == ["\n"] && fresh.seed == 4 && fresh.logprobs == true && fresh.topLogprobs == 2)
        let open = Self.model.request(Self.turns, answered: "Let's think", settings: GenerationSettings(), stops: [], maxTokens: 3)
        #expect(open.messages.last == ChatMessage(role: "assistant", content: "Let's think"))
        #expect(open.continueFinalMessage == true && open.addGenerationPrompt == false)
        #expect(open.seed == nil && open.stop == nil)   // greedy: no seed sent
    }
}
