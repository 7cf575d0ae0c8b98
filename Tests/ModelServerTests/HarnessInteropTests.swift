import Foundation
import InferenceCore
import RemoteBackend
import Testing

/// The requests lm-evaluation-harness's `local-completions` model sends
/// (`lm_eval --model local-completions --model_args base_url=…/v1/completions,
/// model=NAME,tokenized_requests=True`), written out by hand and parsed the
/// way the harness parses them.
@Suite("lm-evaluation-harness local-completions flow against serve", .serialized)
struct HarnessInteropTests {
    @Test("loglikelihood: echo + max_tokens 1 + logprobs 1 over token ids; sum of [ctxlen:-1] equals local")
    func loglikelihood() async throws {
        try await withServer { server in
            let tokenizer = Fixture.model.tokenizer
            let pairs = [("Q: 12+30= A:", " 42"), ("Q: 12+30= A:", " 43"), ("The capital of France is", " Paris")]
            // The harness tokenizes context and continuation apart and sends a batch of id lists.
            let batch = try pairs.map { try tokenizer.encode($0.0) + tokenizer.encode($0.1) }
            let payload: [String: Any] = ["model": Fixture.name, "prompt": batch, "temperature": 0, "max_tokens": 1,
                                          "logprobs": 1, "seed": 1234, "echo": true]
            let (status, data) = try await rawRequest(server.baseURL + "/completions",
                                                      body: try JSONSerialization.data(withJSONObject: payload))
            #expect(status == 200)
            let choices = try #require(jsonObject(data)?["choices"] as? [[String: Any]])
                .sorted { ($0["index"] as! Int) < ($1["index"] as! Int) }
            #expect(choices.count == pairs.count)
            for ((context, continuation), choice) in zip(pairs, choices) {
                let ctxlen = try tokenizer.encode(context).count
                let logprobs = try #require(choice["logprobs"] as? [String: Any])
                let tokenLogprobs = try #require(logprobs["token_logprobs"] as? [Any])
                let top = try #require(logprobs["top_logprobs"] as? [Any])
                // Harness: sum(token_logprobs[ctxlen:-1]); greedy iff each equals max(top.values()).
                let slice = tokenLogprobs[ctxlen..<(tokenLogprobs.count - 1)].map { $0 as! Double }
                let tops = top[ctxlen..<(top.count - 1)].map { ($0 as! [String: Double]).values.max()! }
                let harnessSum = slice.reduce(0, +)
                let harnessGreedy = zip(slice, tops).allSatisfy { $0 == $1 }

                let ids = try tokenizer.encode(context) + tokenizer.encode(continuation)
                let local = try Fixture.model.score(ids: ids).dropFirst(ctxlen - 1)
                #expect(slice.count == local.count)
                #expect(abs(harnessSum - local.reduce(0) { $0 + $1.logprob }) <= 1e-5 * Double(local.count))
                #expect(harnessGreedy == local.allSatisfy(\.isGreedy))
            }
        }
    }

    @Test("generate_until: text prompts, stop sequences, temperature 0; choices sorted by index equal local")
    func generateUntil() async throws {
        try await withServer { server in
            let prompts = ["Q: 7+8= A:", "Once upon a time"]
            let payload: [String: Any] = ["model": Fixture.name, "prompt": prompts, "max_tokens": 24, "temperature": 0,
                                          "stop": ["\n\n", "Q:"], "seed": 1234]
            let (status, data) = try await rawRequest(server.baseURL + "/completions",
                                                      body: try JSONSerialization.data(withJSONObject: payload))
            #expect(status == 200)
            let object = try #require(jsonObject(data))
            let choices = try #require(object["choices"] as? [[String: Any]]).sorted { ($0["index"] as! Int) < ($1["index"] as! Int) }
            #expect(choices.map { $0["index"] as! Int } == [0, 1])
            for (prompt, choice) in zip(prompts, choices) {
                var options = GenerationOptions(maxTokens: 24, stopStrings: ["\n\n", "Q:"])
                if let eos = Fixture.model.endOfTextTokenID { options.stopTokenIDs = [eos] }
                let local = try Fixture.model.generate(prompt: prompt, options: options)
                #expect(choice["text"] as? String == local.text)
                #expect(["stop", "length"].contains(choice["finish_reason"] as? String))
            }
            let usage = try #require(object["usage"] as? [String: Int])
            #expect(usage["total_tokens"] == usage["prompt_tokens"]! + usage["completion_tokens"]!)
        }
    }
}
