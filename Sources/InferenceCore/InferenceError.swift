import Foundation

/// Every failure the inference core reports. Each case renders as one clear
/// sentence that names the file, tensor or setting at fault.
public enum InferenceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A safetensors file (or its index) breaks the format; `detail` says how.
    case malformedCheckpoint(file: String, detail: String)
    /// A tensor the architecture needs is absent from the checkpoint.
    case missingTensor(name: String, checkpoint: String)
    /// A tensor exists but has the wrong shape for the configuration.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// config.json names a `model_type` this core does not implement.
    case unsupportedArchitecture(String)
    /// config.json is missing, unreadable, or has an unusable value.
    case invalidConfig(String)
    /// tokenizer.json is missing or malformed.
    case invalidTokenizer(String)
    /// A token id outside `0..<vocabularySize`.
    case tokenOutOfRange(id: Int, vocabularySize: Int)
    /// A sequence longer than the model's learned positions allow.
    case contextTooLong(length: Int, maximum: Int)
    /// Generation needs at least one prompt token.
    case emptyPrompt
    /// Writing a checkpoint failed.
    case writeFailed(String)
    /// `text` holds a character the tokenizer's vocabulary cannot represent;
    /// `offset` counts Unicode scalars from 0. Tokenizers never drop such a
    /// character, since the model would then read a different text.
    case unrepresentableCharacter(String, offset: Int)

    public var description: String {
        switch self {
        case .malformedCheckpoint(let file, let detail):
            return "Malformed safetensors checkpoint \(file): \(detail)."
        case .missingTensor(let name, let checkpoint):
            return "Tensor '\(name)' is missing from checkpoint \(checkpoint)."
        case .shapeMismatch(let name, let expected, let found):
            return "Tensor '\(name)' has shape \(found) but the configuration needs \(expected)."
        case .unsupportedArchitecture(let type):
            return "Unsupported model architecture '\(type)' (supported: gpt2, gpt_neox, llama)."
        case .invalidConfig(let detail):
            return "Invalid model configuration: \(detail)."
        case .invalidTokenizer(let detail):
            return "Invalid tokenizer: \(detail)."
        case .tokenOutOfRange(let id, let size):
            return "Token id \(id) is outside the vocabulary of \(size) tokens."
        case .contextTooLong(let length, let maximum):
            return "A sequence of \(length) tokens exceeds the model's \(maximum) positions."
        case .emptyPrompt:
            return "Generation needs a prompt of at least one token."
        case .writeFailed(let detail):
            return "Could not write checkpoint: \(detail)."
        case .unrepresentableCharacter(let character, let offset):
            let codes = character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }
            return "The character \(String(reflecting: character)) (\(codes.joined(separator: " "))) at offset \(offset) "
                + "is not in the tokenizer's vocabulary; the model cannot read this text."
        }
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
