import Testing
@testable import TaskSuite

/// BIG-bench's post-processing of generated text: stop string, then the
/// task's `output_regex` or, when a task gives neither, the default pattern.
@Suite struct BigBenchPostProcessingTests {
    /// The arithmetic tasks' pattern `[-+]?\d+`: the first number, whatever follows.
    @Test func outputRegexTakesTheFirstMatch() throws {
        let post = try BigBenchPostProcessor(format: BigBenchFormat(outputRegex: #"[-+]?\d+"#))
        #expect(post.answer(from: " 109\n\nQ: What is 1 plus 1?") == "109")
        #expect(post.answer(from: "= 42. 7*7 = 49.") == "42")
        #expect(post.answer(from: "-17 apples") == "-17")
        #expect(post.answer(from: "no digits here") == "")
        #expect(post.generationStops == [])
    }

    /// A pattern with one group answers what the group matched.
    @Test func aGroupAnswersWhatItMatched() throws {
        let post = try BigBenchPostProcessor(format: BigBenchFormat(outputRegex: #"answer: (\w+)"#))
        #expect(post.answer(from: "so the answer: paris. ok") == "paris")
        #expect(post.answer(from: "nothing") == "")
    }

    /// No output_regex and no stop_string: `[^\.\?\!\;\n]+`, the text up to
    /// the first . ? ! ; or newline, skipping those at the start.
    @Test func defaultPatternCutsAtTheFirstSentenceEnd() throws {
        let post = try BigBenchPostProcessor(format: BigBenchFormat())
        #expect(post.pattern == BigBenchPostProcessor.defaultPattern)
        #expect(post.answer(from: "The apple is on the ground. What is") == "The apple is on the ground")
        #expect(post.answer(from: "\n\nthe; rest") == "the")
        #expect(post.answer(from: " the") == " the") // spaces are kept: exact match will see them
        #expect(post.answer(from: "...") == "")
        #expect(post.generationStops == [".", "?", "!", ";", "\n"])
    }

    /// A stop string cuts the text just after its first occurrence and keeps
    /// it; no pattern applies when only a stop string is given. At position 0
    /// it cuts nothing.
    @Test func stopStringIsKeptAndPositionZeroCutsNothing() throws {
        let post = try BigBenchPostProcessor(format: BigBenchFormat(stopString: "\n"))
        #expect(post.pattern == nil)
        #expect(post.answer(from: "həˈloʊ\nnext line\n") == "həˈloʊ\n")
        #expect(post.answer(from: "\nhəˈloʊ\nmore") == "\nhəˈloʊ\nmore")
        #expect(post.answer(from: "no stop") == "no stop")
        #expect(post.generationStops == ["\n"])
    }

    /// Both: the cut first, then the pattern on what is left.
    @Test func stopStringThenPattern() throws {
        let post = try BigBenchPostProcessor(format: BigBenchFormat(stopString: ".", outputRegex: #"\d+"#))
        #expect(post.answer(from: "about 12. Or 13") == "12")
        #expect(post.answer(from: "none. Or 13") == "")
    }

    /// Positions are code points, as in Python: a combining accent is found
    /// as a stop string even inside the character it decorates.
    @Test func positionsCountCodePoints() throws {
        let post = try BigBenchPostProcessor(format: BigBenchFormat(stopString: "\u{301}"))
        let answer = post.answer(from: "cafe\u{301} au lait")
        #expect(Array(answer.unicodeScalars) == Array("cafe\u{301}".unicodeScalars))
    }

    @Test func unusablePatternsAreRefused() {
        #expect(throws: BigBenchRegexError.self) { try BigBenchPostProcessor(format: BigBenchFormat(outputRegex: "(unclosed")) }
        #expect(throws: BigBenchRegexError.self) { try BigBenchPostProcessor(format: BigBenchFormat(outputRegex: #"(\d)(\d)"#)) }
        // Python's named groups are not ICU syntax: refused rather than misread.
        #expect(throws: BigBenchRegexError.self) { try BigBenchPostProcessor(format: BigBenchFormat(outputRegex: #"(?P<n>\d+)"#)) }
    }

    /// Given but empty, as BIG-bench tests them: nothing applies, and the
    /// default pattern does not either.
    @Test func emptyPatternAndStopStringApplyNothing() throws {
        let emptyRegex = try BigBenchPostProcessor(format: BigBenchFormat(outputRegex: ""))
        #expect(emptyRegex.answer(from: "a. b") == "a. b")
        let emptyStop = try BigBenchPostProcessor(format: BigBenchFormat(stopString: ""))
        #expect(emptyStop.answer(from: "a. b") == "a. b")
    }
}
