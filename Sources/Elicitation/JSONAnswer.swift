import EmergeSupport
import TaskSuite

/// A `format:json` response read as the JSON object it was asked for:
/// `{"reasoning": "...", "answer": "..."}`.
///
/// The object starts at the response's first `{` and is parsed as JSON
/// (EmergeSupport's reader: strict JSON, no comments or trailing commas);
/// text before and after it is ignored. The answer is the object's `answer`
/// member — a string, or a number written as JSON writes it — read as the
/// text after "The answer is" is read (`answerValue(of:)`: its first number,
/// else its text up to a sentence end), with rule `json`. The response is
/// **malformed** (answer nil, rule `malformed-json`, `error` says why) when
/// it holds no `{`, the JSON does not parse, the value is not an object, or
/// `answer` is missing, null, a boolean, an array, an object, or gives no
/// value. `reasoning` is kept when it is a string.
public struct JSONAnswer: Codable, Sendable, Equatable {
    /// Whether the response held a readable answer object.
    public var valid: Bool
    /// Why it is malformed (nil when valid), with the line and column of a syntax error.
    public var error: String?
    /// The object's `reasoning` string, if any.
    public var reasoning: String?
    /// The `answer` member as written (a number in JSON's shortest form), if it is a string or a number.
    public var answer: String?
    /// The answer this response gives (rule `json` or `malformed-json`).
    public var extracted: ExtractedAnswer

    /// Reads `response` as described above.
    public init(reading response: String) {
        guard let open = response.firstIndex(of: "{") else {
            self.init(malformed: "the response holds no JSON object (no \"{\")")
            return
        }
        let bytes = Array(response[open...].utf8)
        let object: JSONValue
        do {
            object = try bytes.withUnsafeBufferPointer { buffer in
                var scanner = JSONScanner(base: buffer.baseAddress!, range: 0..<buffer.count, line: 1)
                return try scanner.value("the answer object")
            }
        } catch let error as JSONSyntaxError {
            self.init(malformed: "line \(error.line), column \(error.column) after the first \"{\": \(error.message)")
            return
        } catch {
            self.init(malformed: "\(error)")
            return
        }
        guard case .object = object else {
            self.init(malformed: "the JSON value is not an object")
            return
        }
        let reasoning = object["reasoning"]?.string
        let written: String?
        switch object["answer"] {
        case let .string(text)?: written = text
        case let .number(value)? where value.isFinite: written = JSONValue.number(value).text()
        case nil: self.init(malformed: "the object has no \"answer\" member", reasoning: reasoning); return
        default: self.init(malformed: "the \"answer\" member is not a string or a number", reasoning: reasoning); return
        }
        guard let text = written, let value = answerValue(of: text) else {
            self.init(malformed: "the \"answer\" member is empty", reasoning: reasoning, answer: written)
            return
        }
        self.init(valid: true, error: nil, reasoning: reasoning, answer: text,
                  extracted: ExtractedAnswer(answer: value, rule: .json))
    }

    private init(malformed reason: String, reasoning: String? = nil, answer: String? = nil) {
        self.init(valid: false, error: reason, reasoning: reasoning, answer: answer,
                  extracted: ExtractedAnswer(answer: nil, rule: .malformedJSON))
    }

    private init(valid: Bool, error: String?, reasoning: String?, answer: String?, extracted: ExtractedAnswer) {
        self.valid = valid; self.error = error; self.reasoning = reasoning; self.answer = answer
        self.extracted = extracted
    }
}
