import EmergeSupport
import Foundation

/// Reads one outputs-JSONL line into an OutputRecord straight from the bytes
/// (the schema is documented in docs/store.md and on OutputRecord). Unknown keys
/// are skipped so newer writers stay readable; `null` means absent; required
/// keys are `model`, `task` and `example`. Log-probabilities must be ≤ 0
/// (`LogProbability`).
enum OutputRecordParser {
    static func parse(_ s: inout JSONScanner) throws -> OutputRecord {
        var model: String?, task: String?, example: Int?
        var r = OutputRecord(model: "", task: "", example: 0)
        let objectStart = s.pos
        try s.object("the output record") { s, k in
            if s.key(k, is: "model") { model = try s.string("\"model\"") }
            else if s.key(k, is: "task") { task = try s.string("\"task\"") }
            else if s.key(k, is: "example") { example = try s.int("\"example\"") }
            else if s.consumeNull() { return }
            else if s.key(k, is: "target_tokens") { r.targetTokens = try tokens(&s, "\"target_tokens\"") }
            else if s.key(k, is: "generated_tokens") { r.generatedTokens = try tokens(&s, "\"generated_tokens\"") }
            else if s.key(k, is: "sample") { r.sample = try s.int("\"sample\"") }
            else if s.key(k, is: "prompt") { r.prompt = try s.string("\"prompt\"") }
            else if s.key(k, is: "target") { r.target = try s.string("\"target\"") }
            else if s.key(k, is: "alternative_targets") {
                var texts: [String] = []
                try s.array("\"alternative_targets\"") { s in texts.append(try s.string("an alternative target")) }
                r.alternativeTargets = texts
            }
            else if s.key(k, is: "generated") { r.generated = try s.string("\"generated\"") }
            else if s.key(k, is: "extracted_answer") { r.extractedAnswer = try s.string("\"extracted_answer\"") }
            else if s.key(k, is: "extraction_rule") { r.extractionRule = try s.string("\"extraction_rule\"") }
            else if s.key(k, is: "strategy") { r.strategy = try s.string("\"strategy\"") }
            else if s.key(k, is: "gold") { r.gold = try s.int("\"gold\"") }
            else if s.key(k, is: "target_loglikelihood") { r.targetLoglikelihood = try s.logProbability("\"target_loglikelihood\"") }
            else if s.key(k, is: "target_greedy") { r.targetGreedy = try s.bool("\"target_greedy\"") }
            else if s.key(k, is: "task_kind") {
                let at = s.pos
                let text = try s.string("\"task_kind\"")
                guard let kind = TaskKind(rawValue: text) else {
                    throw s.error("expected \"task_kind\" to be generation, multiple-choice or loss, found \"\(text)\"", at: at)
                }
                r.taskKind = kind
            }
            else if s.key(k, is: "trace") { r.trace = try trace(&s) }
            else if s.key(k, is: "choices") { r.choices = try choices(&s) }
            else if s.key(k, is: "decoding") { r.decoding = try decoding(&s) }
            else if s.key(k, is: "model_facts") { r.modelFacts = try facts(&s) }
            else { try s.skipValue() }
        }
        guard let model else { throw s.error("expected the key \"model\" (the model's name)", at: objectStart) }
        guard let task else { throw s.error("expected the key \"task\" (the task's name)", at: objectStart) }
        guard let example else { throw s.error("expected the key \"example\" (the example's index)", at: objectStart) }
        guard example >= 0 else { throw s.error("expected \"example\" to be a non-negative index", at: objectStart) }
        r.model = model; r.task = task; r.example = example
        if let gold = r.gold, let choices = r.choices, !(0..<choices.count).contains(gold) {
            throw s.error("expected \"gold\" to index into the \(choices.count) choices, found \(gold)", at: objectStart)
        }
        return r
    }

    /// A `trace` object, kept whole: the scanner checks its syntax (so errors
    /// name a line and column), then the object's bytes are read as a TraceValue.
    static func trace(_ s: inout JSONScanner) throws -> TraceValue {
        s.skipWhitespace()
        let start = s.pos
        guard s.peek() == UInt8(ascii: "{") else { throw s.error("expected an object for \"trace\", found \(s.found)") }
        try s.skipValue()
        let text = String(decoding: UnsafeBufferPointer(start: s.base + start, count: s.pos - start), as: UTF8.self)
        guard let value = try? TraceValue(jsonText: text) else {
            throw s.error("expected \"trace\" to hold only JSON values (no NaN)", at: start)
        }
        return value
    }

    static func tokens(_ s: inout JSONScanner, _ what: StaticString) throws -> [TokenRecord] {
        var out: [TokenRecord] = []
        try s.array("\(what)") { s in out.append(try token(&s, what)) }
        return out
    }

    static func token(_ s: inout JSONScanner, _ what: StaticString) throws -> TokenRecord {
        var id: Int?, text: String?, logprob: Double?
        var t = TokenRecord(tokenID: 0, text: "", logprob: 0)
        let start = s.pos
        try s.object("a token of \(what)") { s, k in
            if s.key(k, is: "token_id") { id = try s.int("\"token_id\"") }
            else if s.key(k, is: "token") { text = try s.string("\"token\"") }
            else if s.key(k, is: "logprob") { logprob = try s.logProbability("\"logprob\"") }
            else if s.consumeNull() { return }
            else if s.key(k, is: "greedy") { t.greedy = try s.bool("\"greedy\"") }
            else if s.key(k, is: "rank") { t.rank = try s.int("\"rank\"") }
            else if s.key(k, is: "entropy") { t.entropy = try s.number("\"entropy\"") }
            else if s.key(k, is: "top_k") {
                var alts: [AlternativeRecord] = []
                try s.array("\"top_k\"") { s in alts.append(try alternative(&s)) }
                t.alternatives = alts
            }
            else { try s.skipValue() }
        }
        guard let id else { throw s.error("expected \"token_id\" in a token of \(what)", at: start) }
        guard let text else { throw s.error("expected \"token\" (the token's text) in a token of \(what)", at: start) }
        guard let logprob else { throw s.error("expected \"logprob\" in a token of \(what)", at: start) }
        t.tokenID = id; t.text = text; t.logprob = logprob
        return t
    }

    static func alternative(_ s: inout JSONScanner) throws -> AlternativeRecord {
        var id: Int?, logprob: Double?, text: String?
        let start = s.pos
        try s.object("a top-k alternative") { s, k in
            if s.key(k, is: "token_id") { id = try s.int("\"token_id\"") }
            else if s.key(k, is: "logprob") { logprob = try s.logProbability("\"logprob\"") }
            else if s.consumeNull() { return }
            else if s.key(k, is: "token") { text = try s.string("\"token\"") }
            else { try s.skipValue() }
        }
        guard let id, let logprob else {
            throw s.error("expected \"token_id\" and \"logprob\" in a top-k alternative", at: start)
        }
        return AlternativeRecord(tokenID: id, text: text, logprob: logprob)
    }

    static func choices(_ s: inout JSONScanner) throws -> [ChoiceScore] {
        var out: [ChoiceScore] = []
        try s.array("\"choices\"") { s in
            var text: String?, ll: Double?
            var c = ChoiceScore(text: "", loglikelihood: 0)
            let start = s.pos
            try s.object("a choice") { s, k in
                if s.key(k, is: "text") { text = try s.string("\"text\"") }
                else if s.key(k, is: "loglikelihood") { ll = try s.logProbability("\"loglikelihood\"") }
                else if s.consumeNull() { return }
                else if s.key(k, is: "token_count") { c.tokenCount = try s.int("\"token_count\"") }
                else if s.key(k, is: "greedy") { c.greedy = try s.bool("\"greedy\"") }
                else { try s.skipValue() }
            }
            guard let text else { throw s.error("expected \"text\" in a choice", at: start) }
            guard let ll else { throw s.error("expected \"loglikelihood\" in a choice", at: start) }
            c.text = text; c.loglikelihood = ll
            out.append(c)
        }
        return out
    }

    static func decoding(_ s: inout JSONScanner) throws -> DecodingSettings {
        var d = DecodingSettings()
        try s.object("\"decoding\"") { s, k in
            if s.consumeNull() { return }
            if s.key(k, is: "temperature") { d.temperature = try s.number("\"temperature\"") }
            else if s.key(k, is: "samples") { d.samples = try s.int("\"samples\"") }
            else if s.key(k, is: "seed") { d.seed = try s.int("\"seed\"") }
            else if s.key(k, is: "max_tokens") { d.maxTokens = try s.int("\"max_tokens\"") }
            else if s.key(k, is: "backend") { d.backend = try s.string("\"backend\"") }
            else { try s.skipValue() }
        }
        return d
    }

    static func facts(_ s: inout JSONScanner) throws -> ModelFacts {
        var f = ModelFacts()
        try s.object("\"model_facts\"") { s, k in
            if s.consumeNull() { return }
            if s.key(k, is: "family") { f.family = try s.string("\"family\"") }
            else if s.key(k, is: "params") { f.params = try s.number("\"params\"") }
            else if s.key(k, is: "non_embedding_params") { f.nonEmbeddingParams = try s.number("\"non_embedding_params\"") }
            else if s.key(k, is: "tokens") { f.tokens = try s.number("\"tokens\"") }
            else if s.key(k, is: "training_flops") { f.trainingFlops = try s.number("\"training_flops\"") }
            else if s.key(k, is: "checkpoint") { f.checkpoint = try s.string("\"checkpoint\"") }
            else if s.key(k, is: "size_group") { f.sizeGroup = try s.string("\"size_group\"") }
            else if s.key(k, is: "step") { f.step = try s.int("\"step\"") }
            else if s.key(k, is: "seed") { f.seed = try s.int("\"seed\"") }
            else { try s.skipValue() }
        }
        return f
    }
}
