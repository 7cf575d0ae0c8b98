import Foundation
import InferenceCore

/// The decoding settings both endpoints share, already validated.
struct SamplingParameters {
    var maxTokens: Int
    var temperature: Double
    var topP: Double
    var topK: Int
    var seed: Int?
    var stop: [String]
    var ignoreEOS: Bool
    /// Alternatives listed per generated token (0: none).
    var alternatives: Int = 0
}

/// One generated choice: the tokens, the text (cut before a stop string),
/// vLLM's `finish_reason` ("stop" or "length") and `stop_reason` (the stop
/// string that ended it, if any).
struct SampledChoice {
    var tokens: [GeneratedToken]
    var text: String
    var finishReason: String
    var stopReason: String?
}

/// The text of a generation as it may be shown while it is still running:
/// everything except a tail that could be the start of a stop string (it
/// would be cut if the stop string completes) or an unfinished UTF-8
/// character (decoded as U+FFFD until its last byte arrives). So the pieces
/// sent while streaming always join to the final, stop-cut text.
struct StreamedText {
    let stops: [String]
    private(set) var sent = ""

    init(stops: [String]) { self.stops = stops.filter { !$0.isEmpty } }

    /// The new part of `text` that is safe to send now ("" when none).
    mutating func delta(of text: String) -> String {
        var safe = Substring(text)
        while safe.hasSuffix("\u{FFFD}") { safe = safe.dropLast() }
        var holdBack = 0
        for stop in stops {
            for length in stride(from: min(stop.count - 1, safe.count), to: 0, by: -1)
            where safe.hasSuffix(stop.prefix(length)) {
                holdBack = max(holdBack, length)
                break
            }
        }
        safe = safe.dropLast(holdBack)
        guard safe.count > sent.count, safe.hasPrefix(sent) else { return "" }
        let piece = String(safe.dropFirst(sent.count))
        sent += piece
        return piece
    }

    /// What remains of the final `text` after the pieces already sent.
    mutating func rest(of text: String) -> String {
        guard text.hasPrefix(sent) else { return "" }
        let piece = String(text.dropFirst(sent.count))
        sent = text
        return piece
    }
}

extension CausalLM {
    /// Generates one choice of a request. `sample` offsets the seed (sample
    /// i of n uses seed + i; without a seed, a random one). With `onPiece`,
    /// each piece of text that becomes safe to show is handed over with the
    /// tokens generated since the previous piece, and the last piece (maybe
    /// empty, with the last tokens) when generation ends; `onPiece` returns
    /// false to stop generating (the client has gone).
    func sampleChoice(promptIDs: [Int], parameters p: SamplingParameters, sample: Int, counter: GenerationCounter,
                      onPiece: ((_ text: String, _ tokens: [GeneratedToken]) -> Bool)? = nil) throws -> SampledChoice {
        guard p.maxTokens > 0 else {
            _ = onPiece?("", [])
            return SampledChoice(tokens: [], text: "", finishReason: "length")
        }
        let seed: UInt64 = p.seed.map { UInt64(bitPattern: Int64($0)) &+ UInt64(sample) } ?? UInt64.random(in: 0...UInt64.max)
        var options = GenerationOptions(maxTokens: p.maxTokens, temperature: p.temperature, topK: max(p.topK, 0),
                                        topP: p.topP, seed: seed, stopStrings: p.stop)
        options.alternatives = p.alternatives
        if !p.ignoreEOS, let eos = endOfTextTokenID { options.stopTokenIDs = [eos] }
        var streamed = StreamedText(stops: p.stop)
        var pending: [GeneratedToken] = []
        var ids: [Int] = []
        var keepGoing = true
        let perToken: ((GeneratedToken) -> Bool)? = onPiece.map { emit in
            { token in
                counter.add(1)
                pending.append(token)
                ids.append(token.tokenID)
                let piece = streamed.delta(of: self.tokenizer.decode(ids))
                guard !piece.isEmpty else { return true }
                defer { pending = [] }
                keepGoing = emit(piece, pending)
                return keepGoing
            }
        }
        let generation = try generate(promptIDs: promptIDs, options: options, onToken: perToken)
        // Streaming counted each token as it came (the one that completed a stop string aside).
        counter.add(onPiece == nil ? generation.tokens.count : (generation.finishReason == .stopString ? 1 : 0))
        let stopReason: String?
        let finish: String
        switch generation.finishReason {
        case .stopToken: (finish, stopReason) = ("stop", nil)
        case .stopString:
            finish = "stop"
            let full = tokenizer.decode(generation.tokens.map(\.tokenID))
            stopReason = p.stop.filter { !$0.isEmpty }
                .compactMap { stop in full.range(of: stop).map { (stop, $0.lowerBound) } }
                .min { $0.1 < $1.1 }?.0
        case .maxTokens, .contextFull, .cancelled: (finish, stopReason) = ("length", nil)
        }
        if let onPiece, keepGoing {
            // Tokens not yet handed over: those held back, and one that completed a stop string.
            let handed = generation.tokens.count - pending.count - (generation.finishReason == .stopString ? 1 : 0)
            _ = onPiece(streamed.rest(of: generation.text), Array(generation.tokens.suffix(from: max(handed, 0))))
        }
        return SampledChoice(tokens: generation.tokens, text: generation.text, finishReason: finish, stopReason: stopReason)
    }
}
