import EmergeSupport
import Foundation
import Testing
@testable import Elicitation

/// The template file format: built-ins round-trip, the shipped examples
/// parse, bad files get a positioned sentence, and random mutations of valid
/// files never crash the parser.
@Suite("Templates: the file format")
struct TemplateFileTests {
    static let dataFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/templates")

    static func exampleFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: dataFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "template" }.sorted { $0.path < $1.path }
    }

    @Test("every built-in serialises and parses back to itself")
    func builtInsRoundTrip() throws {
        for template in TemplateLibrary.builtIns {
            #expect(try TemplateFile.parse(TemplateFile.text(of: template)) == template, "\(template.name)")
        }
    }

    @Test("a built-in's file text: header, sections, one blank line per trailing line break, --- end")
    func fileText() throws {
        let template = try #require(TemplateLibrary.builtIn(named: "tutorial-few-shot-cot"))
        #expect(TemplateFile.text(of: template) == """
            name: tutorial-few-shot-cot
            description: the tutorial's few_shot_cot_prompt: a header, worked exemplars, the question with the trigger
            strategy: few-shot-cot
            exemplars: 2
            --- preamble
            Solve the following problems step by step:


            --- exemplar
            Q: {exemplar_bare_question}
            A: {exemplar_reasoning}
               The answer is {exemplar_answer}.


            --- body
            Q: {bare_question}
            A: Let's think step by step.
            --- end

            """)
    }

    @Test("the shipped example files parse; settings, sections and comments are read as documented")
    func examples() throws {
        let files = try Self.exampleFiles()
        #expect(files.map(\.lastPathComponent) == ["bare-qa.template", "mathematician-few-shot-cot.template"])
        let bare = try TemplateFile.load(path: files[0].path)
        #expect(bare.name == "bare-qa" && bare.strategy == .standard && bare.storedName == "template:bare-qa")
        #expect(bare.prompt == PromptTemplate(body: "Q: {bare_question}\nA:") && bare.settings == StrategySettings())
        let expert = try TemplateFile.load(path: files[1].path)
        #expect(expert.strategy == .fewShotCoT && expert.settings == StrategySettings(exemplars: 2, maxTokens: 200))
        let input = PromptInput(prompt: "Q: 47+38= A: ", exemplars: [
            (prompt: "Q: 12+34= A: ", solution: "Let's think step by step.\n2+4+0=6, digit 6, carry 0\nThe answer is 046.\n"),
        ])
        #expect(Elicitor(template: expert, settings: expert.settings).prompt(for: input) == """
            You are an expert mathematician. Show your calculation, then finish with "The answer is X."
            Problem: 12+34=
            Solution: Let's think step by step.
            2+4+0=6, digit 6, carry 0
            The answer is 046.

            Problem: 47+38=
            Solution:
            """)
    }

    @Test("without --- end the final line break is not text; \\r\\n reads as \\n; a file needs no final line break")
    func lineBreaks() throws {
        let header = "name: t\nstrategy: zero-shot-cot\n--- body\n"
        #expect(try TemplateFile.parse(header + "Q: {question}\n").prompt.body == "Q: {question}")
        #expect(try TemplateFile.parse(header + "Q: {question}").prompt.body == "Q: {question}")
        #expect(try TemplateFile.parse(header + "Q: {question}\n\n").prompt.body == "Q: {question}\n")
        #expect(try TemplateFile.parse((header + "Q: {question}\nA:\n\n--- end\n").replacingOccurrences(of: "\n", with: "\r\n"))
            .prompt.body == "Q: {question}\nA:\n")
        // Literal braces that are not a slot name, and a markdown rule, are text.
        let json = try TemplateFile.parse(header + "---\nAnswer as {\"answer\": <number>}: {bare_question} {}\n--- end")
        #expect(json.prompt.body == "---\nAnswer as {\"answer\": <number>}: {bare_question} {}")
    }

    @Test("bad files: file, line and column of what was expected")
    func errors() throws {
        let body = "--- body\nQ: {question}\n"
        let cases: [(String, Int, Int, String)] = [
            ("name: t\nstrategy: standard\nsamples 3\n" + body, 3, 1, "expected a header line `key: value`"),
            ("name: t\nstrategy: standard\n  top-k: 3\n" + body, 3, 3, "unknown key \"top-k\"; expected one of name, description, strategy, exemplars, samples, temperature, top_k"),
            ("name: t\nstrategy: standard\nname: u\n" + body, 3, 1, "name is set twice (first on line 1)"),
            ("name: t\nstrategy: cot\n" + body, 2, 11, "unknown strategy \"cot\"; expected one of standard, few-shot, zero-shot-cot"),
            ("name: my template\nstrategy: standard\n" + body, 1, 7, "expected a template name of letters"),
            ("strategy: standard\n" + body, 2, 1, "the header has no `name:`"),
            ("name: t\n" + body, 2, 1, "the header has no `strategy:`"),
            ("name: t\nstrategy: standard\ntemperature: hot\n" + body, 3, 14, "temperature must be a number of at least 0, not \"hot\""),
            ("name: t\nstrategy: standard\nsamples: 0\n" + body, 3, 10, "samples must be a whole number of at least 1, not \"0\""),
            ("name: t\nstrategy: standard\ntop_p: 1.5\n" + body, 3, 8, "top_p must be a number above 0 and at most 1"),
            ("name: t\nstrategy: standard\n--- bdy\nQ: {question}\n", 3, 5, "unknown section \"bdy\"; expected preamble, exemplar, body or end"),
            ("name: t\nstrategy: standard\n" + body + "--- preamble\nHi\n", 5, 5, "--- preamble after --- body; sections come in the order preamble, exemplar, body"),
            ("name: t\nstrategy: standard\n" + body + "--- body\nQ: {question}\n", 5, 5, "--- body appears twice (first on line 3)"),
            ("name: t\nstrategy: standard\n--- body\nQ: {questoin}\n", 4, 4, "unknown slot {questoin} in --- body; expected one of {bare_question}, {prompt}, {question}"),
            ("name: t\nstrategy: standard\n--- body\nQ: {question} {exemplar_answer}\n", 4, 15, "({exemplar_answer} belongs in --- exemplar)"),
            ("name: t\nstrategy: standard\n--- preamble\nSay {question}\n" + body, 4, 5, "the preamble is shown as written and takes no slots"),
            ("name: t\nstrategy: standard\n--- exemplar\n{question}\n" + body, 4, 1, "({question} belongs in --- body)"),
            ("name: t\nstrategy: standard\n--- body\nAnswer briefly.\n", 3, 1, "the body never shows the question"),
            ("name: t\nstrategy: standard\n--- preamble\nHi\n", 4, 1, "the template has no `--- body` section"),
            ("name: t\nstrategy: standard\n" + body + "--- end\nmore\n", 6, 1, "nothing may follow `--- end` (line 5) but blank lines"),
            ("name: t\nstrategy: standard\n--- end\n", 3, 1, "`--- end` closes a section, but none is open"),
            ("name: t\nstrategy: standard\n--- body\nQ: {question}\rA:\n", 4, 14, "a carriage return (\\r) outside a \\r\\n line break"),
        ]
        for (text, line, column, message) in cases {
            do {
                let template = try TemplateFile.parse(text, file: "bad.template")
                Issue.record("parsed \(text.debugDescription) as \(template)")
            } catch let error as TemplateFileError {
                #expect(error.file == "bad.template" && error.line == line && error.column == column,
                        "\(text.debugDescription): \(error)")
                #expect(error.message.contains(message), "\(error)")
                #expect(error.description.hasPrefix("bad.template:\(line):\(column): "))
            }
        }
    }

    @Test("lookup: built-in names first, then files; a file may not take a built-in's name")
    func lookup() throws {
        #expect(try TemplateLibrary.template(named: "tutorial-cot") == TemplateLibrary.builtIn(named: "tutorial-cot"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("template-lookup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let taken = folder.appendingPathComponent("mine.template")
        try "name: tutorial-cot\nstrategy: standard\n--- body\n{question}\n".write(to: taken, atomically: true, encoding: .utf8)
        #expect(throws: TemplateLookupError.builtInName(file: taken.path, name: "tutorial-cot")) {
            try TemplateLibrary.template(named: taken.path)
        }
        do {
            _ = try TemplateLibrary.template(named: "no-such-template")
            Issue.record("found no-such-template")
        } catch let error as TemplateLookupError {
            #expect(error.description.hasPrefix("No built-in template is named no-such-template and there is no such file. Built-in templates: standard, "))
        }
        #expect(throws: TemplateFileError.self) { try TemplateFile.load(path: folder.path) }
    }

    @Test("fuzz: 4,000 seeded mutations of valid files either parse (and round-trip) or give a positioned error")
    func fuzz() throws {
        var seeds = try Self.exampleFiles().map { try String(contentsOf: $0, encoding: .utf8) }
        seeds += TemplateLibrary.builtIns.map { TemplateFile.text(of: $0) }
        let insertions = [":", "\n", "--- ", "--- body\n", "--- end\n", "--- exemplar\n", "{", "}", "{bare_question}",
                          "{exemplar_answer}", "{x}", "#", " ", "\t", "\r\n", "\r", "é", "\u{301}", "name: x\n",
                          "samples: -1\n", "temperature: nan\n", "top_p: 0.5\n", "strategy: few-shot-cot\n", "0", "9"]
        var rng = SplitMix64(seed: 20_240_517)
        func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(rng.next() % UInt64(n)) }
        var parsed = 0, refused = 0
        for trial in 0..<4_000 {
            var scalars = Array(seeds[trial % seeds.count].unicodeScalars)
            for _ in 0...below(3) {
                let at = below(scalars.count + 1)
                switch below(6) {
                case 0 where !scalars.isEmpty: scalars.remove(at: min(at, scalars.count - 1))
                case 1: scalars.insert(contentsOf: insertions[below(insertions.count)].unicodeScalars, at: at)
                case 2: scalars = Array(scalars.prefix(at))
                default:
                    var lines = String(String.UnicodeScalarView(scalars)).components(separatedBy: "\n")
                    let i = below(lines.count), j = below(lines.count)
                    switch below(3) {
                    case 0: lines.insert(lines[i], at: j)
                    case 1: lines.remove(at: i)
                    default: lines.swapAt(i, j)
                    }
                    scalars = Array(lines.joined(separator: "\n").unicodeScalars)
                }
            }
            let text = String(String.UnicodeScalarView(scalars))
            do {
                let template = try TemplateFile.parse(text, file: "fuzz")
                parsed += 1
                #expect(try TemplateFile.parse(TemplateFile.text(of: template)) == template, "\(text.debugDescription)")
            } catch let error as TemplateFileError {
                refused += 1
                let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
                #expect(error.line >= 1 && error.line <= max(1, lines.count), "\(error) in \(text.debugDescription)")
                #expect(error.column >= 1 && error.column <= (lines[safe: error.line - 1]?.count ?? 0) + 1,
                        "\(error) in \(text.debugDescription)")
                #expect(!error.message.isEmpty)
            }
        }
        // Both outcomes occur, so the mutations reach past the first check.
        #expect(parsed > 100 && refused > 100, "parsed \(parsed), refused \(refused)")
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
