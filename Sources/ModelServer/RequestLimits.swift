/// Bounds on what one request may ask, checked before any model work.
public struct RequestLimits: Sendable, Equatable {
    /// Largest accepted request body, in bytes (default 4 MiB).
    public var maxBodyBytes: Int
    /// Largest `n` (choices per prompt).
    public var maxChoices: Int
    /// Largest `logprobs` (alternatives per token), as vLLM's default `max_logprobs`.
    public var maxLogprobs: Int
    /// Largest number of prompts in one request.
    public var maxPrompts: Int
    /// Largest `max_tokens` when the model has no learned-position limit.
    public var maxNewTokens: Int

    public init(maxBodyBytes: Int = 4 << 20, maxChoices: Int = 16, maxLogprobs: Int = 20, maxPrompts: Int = 64,
                maxNewTokens: Int = 4096) {
        self.maxBodyBytes = maxBodyBytes; self.maxChoices = maxChoices; self.maxLogprobs = maxLogprobs
        self.maxPrompts = maxPrompts; self.maxNewTokens = maxNewTokens
    }
}
