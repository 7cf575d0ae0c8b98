import Foundation

/// One turn of a conversation as a chat template sees it: `message.role`
/// and `message.content` (text; list-of-parts content is joined into text
/// before it gets here).
public struct TemplateMessage: Sendable, Equatable {
    public var role: String
    public var content: String
    public init(role: String, content: String) { self.role = role; self.content = content }
}

/// A checkpoint's chat template: the Jinja program that turns a list of
/// messages into the model's prompt text, rendered as Hugging Face's
/// `apply_chat_template` renders it (`trim_blocks`, `lstrip_blocks`, loop
/// controls, `raise_exception`, `namespace`, `strftime_now`, a `tojson` that
/// does not escape HTML, and the tokenizer's special tokens such as
/// `bos_token` and `eos_token` as variables). The rendered text is then
/// tokenized without adding special tokens, as Hugging Face does: the
/// template writes them itself. See docs/serving.md#chat-templates.
///
/// Compiling checks the syntax; rendering can still fail (a type error, or
/// the template's own `raise_exception`, e.g. for roles out of order), with
/// a `TemplateError` that says why.
public struct ChatTemplate: @unchecked Sendable {
    // @unchecked: the parsed nodes are immutable and hold only literals
    // (never the namespaces or functions that exist while rendering).
    private let nodes: [TemplateNode]
    /// The template's source text.
    public let source: String
    /// Variables the template reads besides the messages: `bos_token`, `eos_token`, ….
    public let specialTokens: [String: String]

    /// Compiles `source`; throws `TemplateError` for a syntax error (with its line).
    public init(source: String, specialTokens: [String: String] = [:]) throws {
        var lexer = TemplateLexer(source)
        var parser = TemplateParser(try lexer.segments())
        nodes = try parser.parse()
        self.source = source
        self.specialTokens = specialTokens
    }

    /// The prompt for `messages`. `addGenerationPrompt` asks the template to
    /// open the assistant's turn; `continueFinalMessage` instead ends the
    /// text right after the last message's content (the template's
    /// end-of-turn markup cut off), so the model continues that message, as
    /// Hugging Face's `continue_final_message` does.
    public func render(messages: [TemplateMessage], addGenerationPrompt: Bool,
                       continueFinalMessage: Bool = false) throws -> String {
        let tag = "CONTINUE_FINAL_MESSAGE_TAG "
        var conversation = messages
        if continueFinalMessage {
            guard !conversation.isEmpty else { throw TemplateError("continue_final_message needs at least one message") }
            conversation[conversation.count - 1].content += tag
        }
        var globals: [String: TemplateValue] = [:]
        for (name, token) in specialTokens { globals[name] = .string(token) }
        globals["messages"] = .list(conversation.map {
            .dictionary(OrderedDictionary([("role", .string($0.role)), ("content", .string($0.content))]))
        })
        globals["add_generation_prompt"] = .boolean(addGenerationPrompt)
        globals["tools"] = TemplateValue.none
        globals["documents"] = TemplateValue.none
        for (name, function) in Self.builtins { globals[name] = function }
        let rendered = try TemplateInterpreter(globals: globals).render(nodes)
        guard continueFinalMessage else { return rendered }
        let marker = tag.trimmingCharacters(in: .whitespaces)
        let last = messages[messages.count - 1].content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let cut = rendered.range(of: marker, options: .backwards), rendered.contains(last) else {
            throw TemplateError("the template drops part of the final message, so it cannot be continued")
        }
        if rendered[cut.lowerBound...].hasPrefix(tag) { return String(rendered[..<cut.lowerBound]) }
        var head = String(rendered[..<cut.lowerBound])
        while let c = head.last, c.isWhitespace { head.removeLast() }
        return head
    }

    /// The functions Hugging Face gives every chat template.
    private static var builtins: [String: TemplateValue] { [
        "raise_exception": .function(.init(name: "raise_exception") { positional, _ in
            throw TemplateError(positional.first?.printed ?? "the chat template raised an exception", raisedByTemplate: true)
        }),
        "namespace": .function(.init(name: "namespace") { positional, keyword in
            var values = OrderedDictionary()
            if case .dictionary(let d)? = positional.first { for (k, v) in d.pairs { values[k] = v } }
            for (k, v) in keyword { values[k] = v }
            return .namespace(.init(values))
        }),
        "dict": .function(.init(name: "dict") { _, keyword in .dictionary(OrderedDictionary(keyword)) }),
        "range": .function(.init(name: "range") { positional, _ in
            let bounds = positional.compactMap { if case .integer(let i) = $0 { return i }; return nil }
            guard bounds.count == positional.count, (1...3).contains(bounds.count) else { throw TemplateError("range takes 1 to 3 integers") }
            let (start, stop, step) = bounds.count == 1 ? (0, bounds[0], 1) : (bounds[0], bounds[1], bounds.count == 3 ? bounds[2] : 1)
            guard step != 0 else { throw TemplateError("range step cannot be zero") }
            return .list(Swift.stride(from: start, to: stop, by: step).map { .integer($0) })
        }),
        "strftime_now": .function(.init(name: "strftime_now") { positional, _ in
            guard case .string(let format)? = positional.first else { throw TemplateError("strftime_now needs a format string") }
            var now = time(nil)
            var parts = tm()
            localtime_r(&now, &parts)
            var buffer = [CChar](repeating: 0, count: 256)
            let count = strftime(&buffer, buffer.count, format, &parts)
            return .string(String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }),
    ] }
}

extension ChatTemplate {
    /// The chat template of a Hugging Face checkpoint folder: `chat_template.jinja`
    /// when present, else `chat_template` in `tokenizer_config.json` (a text,
    /// or a list of named templates of which "default" is used); nil when the
    /// checkpoint has none. Special tokens come from `tokenizer_config.json`
    /// and `special_tokens_map.json`. Throws `TemplateError` for a file that
    /// cannot be read or a template that does not compile, naming the file.
    public static func load(checkpoint directory: URL) throws -> ChatTemplate? {
        let configURL = directory.appendingPathComponent("tokenizer_config.json")
        let config = try jsonObject(at: configURL)
        let tokens = try specialTokens(in: directory)
        let fileURL = directory.appendingPathComponent("chat_template.jinja")
        let source: String
        let origin: String
        if FileManager.default.fileExists(atPath: fileURL.path) {
            guard let text = try? String(contentsOf: fileURL, encoding: .utf8) else {
                throw TemplateError("\(fileURL.path) cannot be read as UTF-8 text")
            }
            (source, origin) = (text, fileURL.path)
        } else if let text = config?["chat_template"] as? String {
            (source, origin) = (text, configURL.path + " (chat_template)")
        } else if let named = config?["chat_template"] as? [[String: Any]] {
            guard let entry = named.first(where: { $0["name"] as? String == "default" }), let text = entry["template"] as? String else {
                throw TemplateError("\(configURL.path): chat_template is a list without a \"default\" template")
            }
            (source, origin) = (text, configURL.path + " (chat_template \"default\")")
        } else {
            return nil
        }
        do {
            return try ChatTemplate(source: source, specialTokens: tokens)
        } catch let error as TemplateError {
            throw TemplateError("\(origin): \(error.description)")
        }
    }

    /// A template from a file of its own (`serve --chat-template FILE`), with
    /// the special tokens of the checkpoint in `directory` when it names them.
    public static func load(file: URL, checkpoint directory: URL?) throws -> ChatTemplate {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw TemplateError("\(file.path) cannot be read as UTF-8 text")
        }
        let tokens = try directory.map(specialTokens(in:)) ?? [:]
        do {
            return try ChatTemplate(source: text, specialTokens: tokens)
        } catch let error as TemplateError {
            throw TemplateError("\(file.path): \(error.description)")
        }
    }

    /// Every `…_token` entry of `tokenizer_config.json`, then of
    /// `special_tokens_map.json` (a text, or an added token's `content`).
    private static func specialTokens(in directory: URL) throws -> [String: String] {
        var tokens: [String: String] = [:]
        for url in ["tokenizer_config.json", "special_tokens_map.json"].map(directory.appendingPathComponent) {
            for (name, value) in try jsonObject(at: url) ?? [:] where name.hasSuffix("_token") && tokens[name] == nil {
                if let text = value as? String { tokens[name] = text }
                else if let added = value as? [String: Any], let text = added["content"] as? String { tokens[name] = text }
            }
        }
        return tokens
    }

    private static func jsonObject(at url: URL) throws -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = try? Data(contentsOf: url),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw TemplateError("\(url.path) is not a JSON object")
        }
        return object
    }
}
