import EmergeSupport
import Foundation
import Testing
@testable import TaskSuite

@Suite struct BigBenchReaderTests {
    /// The fixture folder, searched recursively: the `arithmetic` parent
    /// holds no examples, so its subfolders are its subtasks, named by the
    /// files' `name` keys as `parent:subtask`, in path order.
    @Test func folderSearchNamesSubtasksParentColonSubtask() throws {
        let tasks = try BigBenchTaskReader.read(path: BigBenchFixtures.root.path)
        #expect(tasks.map(\.name) == ["analogical_similarity", "arithmetic:2_digit_addition",
                                      "arithmetic:3_digit_subtraction", "simple_arithmetic_json", "word_unscrambling"])
        #expect(tasks.map(\.examples.count) == [20, 20, 20, 30, 15])
        #expect(tasks.map(\.kind) == [.multipleChoice, .generation, .generation, .generation, .generation])
        // The parent file alone gives the same two subtasks.
        let parent = try BigBenchTaskReader.read(path: BigBenchFixtures.path("arithmetic/task.json"))
        #expect(parent.map(\.name) == ["arithmetic:2_digit_addition", "arithmetic:3_digit_subtraction"])
        // A subtask read on its own (file or folder) keeps its parent's name.
        #expect(try BigBenchFixtures.task("arithmetic/2_digit_addition/task.json").name == "arithmetic:2_digit_addition")
        #expect(try BigBenchTaskReader.read(path: BigBenchFixtures.path("arithmetic/3_digit_subtraction")).map(\.name)
            == ["arithmetic:3_digit_subtraction"])
    }

    /// Keys in file order: choices keep the order of `target_scores`, gold
    /// is the first highest score; a generation example keeps its own target.
    @Test func choicesGoldAndTargets() throws {
        let addition = try BigBenchFixtures.task("arithmetic/2_digit_addition/task.json")
        let first = addition.examples[0]
        #expect(first.input == "What is 80 plus 29?")
        #expect(first.targets == ["109"])
        #expect(first.choices == ["378", "388", "4", "54942", "banana", "house", "109"])
        #expect(first.gold == 6)
        #expect(first.hasTarget)
        #expect(addition.format.outputRegex == #"[-+]?\d+"#)
        #expect(addition.metrics == ["exact_str_match", "multiple_choice_grade"])

        let analogy = try BigBenchFixtures.task("analogical_similarity/task.json")
        #expect(analogy.examples[1].gold == 3) // "surface similarity." is the fourth key
        #expect(analogy.examples[1].targets == ["surface similarity."])
        #expect(!analogy.examples[1].hasTarget)
        #expect(!analogy.format.appendChoicesToInput && analogy.format.outputPrefix == "")
    }

    @Test func everyAcceptableTargetIsKept() throws {
        let words = try BigBenchFixtures.task("word_unscrambling/task.json")
        #expect(words.examples[4].targets == ["this", "hits", "hist", "shit", "sith"])
        #expect(words.examples[7].targets == ["not", "ton"])
        #expect(words.examples[0].targets == ["the"])
        #expect(words.examples.filter { $0.targets.count > 1 }.count == 5)
    }

    @Test func duplicateExamplesAreDroppedAsBigBenchDoes() throws {
        let text = """
            {"name": "dups", "metrics": ["exact_str_match"], "examples": [
              {"input": "a", "target": "1"}, {"input": "b", "target": "2"},
              {"input": "a", "target": "1"}, {"input": "a", "target": ["1"]}]}
            """
        let task = try BigBenchTaskReader.task(fromJSON: Array(text.utf8), file: "dups.json")
        #expect(task.examples.map(\.input) == ["a", "b", "a"])
        #expect(task.duplicatesDropped == 1)
    }

    @Test func nonASCIINamesAreSpelledAsBigBenchSpellsThem() throws {
        let text = #"{"name": "café_quiz", "examples": [{"input": "x", "target": "y"}]}"#
        #expect(try BigBenchTaskReader.task(fromJSON: Array(text.utf8), file: "t.json").name == "caf?_quiz")
    }

    // MARK: Bad input

    @Test func anExampleWithoutTargetOrScoresNamesFileAndIndex() throws {
        let text = """
            {"name": "t", "examples": [{"input": "1+1", "target": "2"},
                                       {"input": "2+2", "answer": "4"}]}
            """
        let error = try #require(throws: BigBenchError.self) {
            try BigBenchTaskReader.task(fromJSON: Array(text.utf8), file: "/x/t/task.json")
        }
        #expect(error.example == 1)
        #expect(error.description == "/x/t/task.json: example 1: has neither \"target\" nor \"target_scores\"; one of them is needed.")
    }

    @Test func aFileWithoutExamplesOrSubtasksIsNotATask() throws {
        let dir = try BigBenchFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try BigBenchFixtures.write(#"{"name": "lonely", "description": "no examples"}"#, folder: "lonely", in: dir)
        let error = try #require(throws: BigBenchError.self) { try BigBenchTaskReader.read(path: file) }
        #expect(error.file == file)
        #expect(error.message.hasPrefix("is not a BIG-bench task"))
        // Searching the folder finds it and says the same.
        #expect(throws: BigBenchError.self) { try BigBenchTaskReader.read(path: dir.path) }
    }

    @Test func malformedJSONNamesLineAndColumn() throws {
        let text = "{\n  \"name\": \"t\",\n  \"examples\": [{\"input\": \"a\" \"target\": \"b\"}]\n}\n"
        let error = try #require(throws: BigBenchError.self) {
            try BigBenchTaskReader.task(fromJSON: Array(text.utf8), file: "bad.json")
        }
        #expect(error.line == 3 && error.column == 30)
        #expect(error.description == "bad.json, line 3, column 30: is not valid JSON: expected ',' or '}' after the value of \"input\", found a string.")
    }

    @Test func otherShapesAreClearErrors() throws {
        let cases: [(String, String)] = [
            (#"[1, 2]"#, "expected a JSON object, found an array"),
            (#"{"examples": []}"#, "\"name\" is missing"),
            (#"{"name": "t", "examples": []}"#, "\"examples\" is empty"),
            (#"{"name": "t", "examples": [{"target": "b"}]}"#, "example 0: \"input\" is missing"),
            (#"{"name": "t", "examples": [{"input": "a", "target": []}]}"#, "example 0: \"target\" must be a string or a non-empty list"),
            (#"{"name": "t", "examples": [{"input": "a", "target_scores": {"x": 0, "y": 0}}]}"#, "example 0: \"target_scores\" gives no choice a higher score"),
            (#"{"name": "t", "examples": [{"input": "a", "target_scores": {"x": "1"}}]}"#, "\"x\" maps to a string"),
            (#"{"name": "t", "metrics": ["multiple_choice_grade"], "examples": [{"input": "a", "target": "b"}]}"#, "example 0: \"target_scores\" is missing"),
            (#"{"name": "t", "metrics": ["exact_str_match"], "examples": [{"input": "a", "target_scores": {"b": 1}}]}"#, "example 0: \"target\" is missing"),
            (#"{"name": "t", "output_regex": "(a)(b)", "examples": [{"input": "a", "target": "b"}]}"#, "\"output_regex\" has 2 groups"),
            (#"{"name": "t", "append_choices_to_input": "no", "examples": [{"input": "a", "target": "b"}]}"#, "must be true or false"),
        ]
        for (text, expected) in cases {
            let error = try #require(throws: BigBenchError.self) {
                try BigBenchTaskReader.task(fromJSON: Array(text.utf8), file: "case.json")
            }
            #expect(error.description.contains(expected), "\(text) → \(error)")
        }
    }

    /// Seeded mutations of a real task file — bytes flipped, cut, duplicated,
    /// values swapped for values of other types — give a task or a
    /// BigBenchError, never a crash or another error; a task that comes out
    /// renders and post-processes.
    @Test func seededMutationsGiveATaskOrAnError() throws {
        let original = Array(try Data(contentsOf: URL(fileURLWithPath:
            BigBenchFixtures.path("arithmetic/2_digit_addition/task.json"))))
        var random = SplitMix64(seed: 2024)
        var tasks = 0, errors = 0
        let replacements = ["null", "[]", "{}", "-0.5", "\"\"", "true", "[\"x\", 1]", "{\"a\": {\"b\": []}}", "\"\\ud800\""]
            .map { Array($0.utf8) }
        for _ in 0..<600 {
            var bytes = original
            for _ in 0..<(1 + random.below(3)) {
                let at = random.below(bytes.count)
                switch random.below(5) {
                case 0: bytes[at] = UInt8(random.below(256))
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(40)))
                case 2: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + random.below(60))], at: random.below(bytes.count))
                case 3:
                    // Replace the value after a ':' with one of another type.
                    if let colon = bytes[at...].firstIndex(of: UInt8(ascii: ":")),
                       let end = bytes[colon...].firstIndex(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") }) {
                        bytes.replaceSubrange((colon + 1)..<end, with: replacements[random.below(replacements.count)])
                    }
                default: bytes = Array(bytes.prefix(at))
                }
                if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
            }
            do {
                let task = try BigBenchTaskReader.task(fromJSON: bytes, file: "mutant.json")
                tasks += 1
                let post = try? BigBenchPostProcessor(format: task.format)
                for example in task.examples {
                    _ = BigBenchPrompt.zeroShot(example, format: task.format)
                    _ = post?.answer(from: example.targets[0] + ". more")
                }
            } catch let error as BigBenchError {
                errors += 1
                #expect(error.file == "mutant.json" && !error.message.isEmpty)
            }
        }
        // Both outcomes occur, so the mutations reach past the JSON syntax.
        #expect(tasks > 20 && errors > 100, "tasks \(tasks), errors \(errors)")
    }
}
