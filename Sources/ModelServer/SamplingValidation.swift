extension CompletionService {
    /// The checks both endpoints make on decoding settings; throws a 400
    /// naming the parameter. `maxTokensName` is the field the limit came from.
    func validateSampling(maxTokens: Int?, maxTokensName: String, temperature: Double?, topP: Double?, topK: Int?,
                          n: Int?) throws {
        if let m = maxTokens, m < 0 || m > limits.maxNewTokens {
            throw APIError.invalid("\(maxTokensName) must be between 0 and \(limits.maxNewTokens), got \(m).", param: maxTokensName)
        }
        if let t = temperature, !(t.isFinite && t >= 0) {
            throw APIError.invalid("temperature must be a finite number ≥ 0, got \(t).", param: "temperature")
        }
        if let p = topP, !(p > 0 && p <= 1) {
            throw APIError.invalid("top_p must be in (0, 1], got \(p).", param: "top_p")
        }
        if let k = topK, k < -1 {
            throw APIError.invalid("top_k must be -1 (off), 0 (off) or a positive count, got \(k).", param: "top_k")
        }
        if let n, !(1...limits.maxChoices).contains(n) {
            throw APIError.invalid("n must be between 1 and \(limits.maxChoices), got \(n).", param: "n")
        }
    }
}
