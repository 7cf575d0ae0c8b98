import EmergeSupport
import EmergeTestSupport
import Foundation
@testable import Elicitation

/// A constructed language model for one addition question, `47+38`, written
/// in TaskSuite's scratchpad format. It is a real (if tiny) probabilistic
/// model, not a stand-in for the inference core: each line of the chain is
/// drawn from a fixed distribution given the lines before it, and tokens are
/// characters. Its most likely first line gets the ones digit wrong (14
/// instead of 15), so greedy decoding answers 084 while the correct chain,
/// ending in 085, has probability 0.36.
struct ToyAdderModel: TextModel {
    static let question = "Q: 47+38= A: "
    static let correctChain = [
        "7+8+0=15, digit 5, carry 1", "4+3+1=8, digit 8, carry 0", "The answer is 085.",
    ]

    var name: String { "toy-adder" }

    func encode(_ text: String) -> [Int] { text.unicodeScalars.map { Int($0.value) } }
    func decode(_ ids: [Int]) -> String {
        String(String.UnicodeScalarView(ids.compactMap { Unicode.Scalar(UInt32($0)) }))
    }

    /// The distribution of the next line given the completed lines of the chain.
    func nextLine(after lines: [String]) -> [(line: String, probability: Double)] {
        switch lines.count {
        case 0: return [("7+8+0=14, digit 4, carry 1", 0.6), ("7+8+0=15, digit 5, carry 1", 0.4)]
        case 1: return [("4+3+1=8, digit 8, carry 0", 0.9), ("4+3+1=9, digit 9, carry 0", 0.1)]
        case 2:
            let digits = lines.map { line in
                line.components(separatedBy: "digit ").last?.prefix(1).description ?? "?"
            }
            return [("The answer is 0\(digits[1])\(digits[0]).", 1)]
        default: return [("", 1)]
        }
    }

    /// The completed lines after the step-by-step trigger in `text`.
    func completedLines(_ text: String) -> [String] {
        guard let range = text.range(of: "Let's think step by step.\n") else { return [] }
        let lines = text[range.upperBound...].components(separatedBy: "\n")
        return Array(lines.dropLast())
    }

    func generate(prompt: String, settings: GenerationSettings) throws -> TextGeneration {
        var rng = SplitMix64(seed: settings.seed)
        var text = ""
        var tokens: [ScoredToken] = []
        while tokens.count < settings.maxTokens {
            let options = nextLine(after: completedLines(prompt + text))
            let chosen: (line: String, probability: Double)
            if settings.temperature == 0 {
                chosen = options.max { $0.probability < $1.probability }!
            } else {
                let weights = options.map { pow($0.probability, 1 / settings.temperature) }
                var u = Double(rng.next() >> 11) / Double(1 << 53) * weights.reduce(0, +)
                chosen = options.first { option in
                    u -= pow(option.probability, 1 / settings.temperature)
                    return u < 0
                } ?? options.last!
            }
            for (offset, character) in (chosen.line + "\n").enumerated() {
                text.append(character)
                tokens.append(ScoredToken(tokenID: Int(character.unicodeScalars.first!.value), text: String(character),
                                          logprob: offset == 0 ? log(chosen.probability) : 0))
                if let (cut, stop) = settings.stopCut(in: text) {
                    return TextGeneration(text: String(text[..<cut]), tokens: tokens, finishReason: .stop, stopString: stop)
                }
            }
        }
        return TextGeneration(text: text, tokens: tokens, finishReason: .length)
    }

    func scoreContinuations(_ requests: [ContinuationRequest]) throws -> [[ScoredToken]] {
        requests.map { request in
            var done = completedLines(request.prompt)
            var records: [ScoredToken] = []
            for line in request.continuation.components(separatedBy: "\n") {
                let probability = nextLine(after: done).first { $0.line == line }?.probability ?? 1e-9
                for (offset, character) in (line + "\n").enumerated() {
                    records.append(ScoredToken(tokenID: Int(character.unicodeScalars.first!.value), text: String(character),
                                               logprob: offset == 0 ? log(probability) : 0))
                }
                done.append(line)
            }
            return Array(records.prefix(request.continuation.count))
        }
    }
}
