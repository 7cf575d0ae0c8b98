import ChatTemplates
import Foundation
import InferenceCore
import Testing

/// One conversation of `Fixtures/cases.json`, with what Hugging Face's
/// `apply_chat_template` produced for it (Fixtures/make_chat_fixtures.py).
struct ReferenceCase: Decodable {
    struct Message: Decodable { var role: String; var content: String }
    var template: String
    var messages: [Message]
    var add_generation_prompt: Bool
    var continue_final_message: Bool?
    var text: String?
    var ids: [Int]?
    var error: String?
}

enum References {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    static let cases: [ReferenceCase] = {
        struct File: Decodable { var cases: [ReferenceCase] }
        let data = try! Data(contentsOf: fixtures.appendingPathComponent("cases.json"))
        return try! JSONDecoder().decode(File.self, from: data).cases
    }()
    static func folder(_ template: String) -> URL { fixtures.appendingPathComponent("tokenizers/\(template)") }
}

@Suite("Chat templates render as Hugging Face's apply_chat_template")
struct RenderingTests {
    @Test("text and token ids equal Hugging Face's for every reference conversation", arguments: ["chatml", "llama3", "alternating", "constructs"])
    func matchesReference(template name: String) throws {
        let template = try #require(try ChatTemplate.load(checkpoint: References.folder(name)))
        let tokenizer = try ByteLevelBPETokenizer(contentsOf: References.folder(name).appendingPathComponent("tokenizer.json"))
        let cases = References.cases.filter { $0.template == name }
        #expect(cases.count >= 10)
        for reference in cases {
            let messages = reference.messages.map { TemplateMessage(role: $0.role, content: $0.content) }
            let label = "\(name) \(reference.messages.map(\.role)) generation prompt \(reference.add_generation_prompt)"
            do {
                let text = try template.render(messages: messages, addGenerationPrompt: reference.add_generation_prompt,
                                               continueFinalMessage: reference.continue_final_message ?? false)
                #expect(reference.error == nil, "\(label): Hugging Face refused with \(reference.error ?? "")")
                #expect(text == reference.text, "\(label)")
                #expect(try tokenizer.encode(text) == reference.ids, "\(label)")
            } catch let error as TemplateError {
                #expect(error.raisedByTemplate, "\(label): \(error)")
                #expect(error.message == reference.error, "\(label)")
            }
        }
    }

    @Test("the roles template's own raise_exception reaches the caller with its message")
    func templateRefusal() throws {
        let template = try #require(try ChatTemplate.load(checkpoint: References.folder("alternating")))
        #expect {
            try template.render(messages: [.init(role: "user", content: "a"), .init(role: "user", content: "b")],
                                addGenerationPrompt: true)
        } throws: { error in
            (error as? TemplateError)?.description == "Conversation roles must alternate user/assistant/user/assistant/..."
        }
    }
}

@Suite("Chat templates are found in a checkpoint and bad ones are refused with their line")
struct TemplateLoadingTests {
    private func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chat-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    @Test("chat_template in tokenizer_config.json: a text, or the \"default\" of a named list; special tokens as variables")
    func tokenizerConfig() throws {
        let plain = try folder(["tokenizer_config.json": #"{"chat_template": "{{ bos_token }}{{ messages[0].content }}", "bos_token": {"content": "<s>"}}"#])
        let template = try #require(try ChatTemplate.load(checkpoint: plain))
        #expect(try template.render(messages: [.init(role: "user", content: "hi")], addGenerationPrompt: false) == "<s>hi")
        let named = try folder(["tokenizer_config.json": #"{"chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "D{{ eos_token }}"}], "eos_token": "</s>"}"#])
        #expect(try ChatTemplate.load(checkpoint: named)?.render(messages: [], addGenerationPrompt: false) == "D</s>")
    }

    @Test("a checkpoint without a template has none; chat_template.jinja wins over tokenizer_config.json")
    func precedence() throws {
        #expect(try ChatTemplate.load(checkpoint: try folder(["tokenizer_config.json": #"{"eos_token": "</s>"}"#])) == nil)
        let both = try folder(["tokenizer_config.json": #"{"chat_template": "config"}"#, "chat_template.jinja": "file\n"])
        #expect(try ChatTemplate.load(checkpoint: both)?.render(messages: [], addGenerationPrompt: false) == "file")
    }

    @Test("syntax errors name the file and the line; unknown filters fail when rendered")
    func syntaxErrors() throws {
        let broken = try folder(["chat_template.jinja": "{% for m in messages %}\n{{ m.content }\n{% endfor %}"])
        #expect { try ChatTemplate.load(checkpoint: broken) } throws: { error in
            let text = "\(error)"
            return text.contains("chat_template.jinja") && text.contains("line 2")
        }
        #expect(throws: TemplateError.self) { try ChatTemplate(source: "a\n{% if x %}b") }
        let unknown = try ChatTemplate(source: "ok\n{{ messages | frobnicate }}")
        #expect { try unknown.render(messages: [], addGenerationPrompt: false) } throws: { error in
            "\(error)".contains("frobnicate") && "\(error)".contains("line 2")
        }
    }
}
