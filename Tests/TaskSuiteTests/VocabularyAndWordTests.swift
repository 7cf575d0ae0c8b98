import EmergeSupport
import Testing
@testable import TaskSuite

@Suite struct VocabularyAndWordTests {
    @Test func arithmeticVocabularyRoundTrips() throws {
        let vocabulary = CharVocabulary.arithmetic
        #expect(vocabulary.count == 19)
        let ids = try vocabulary.encode("Q: 047+821= A: 0868\n")
        #expect(vocabulary.decode(ids) == "Q: 047+821= A: 0868\n")
        #expect(ids.first == vocabulary.id(of: "Q"))
        #expect(throws: VocabularyError.self) { try vocabulary.encode("x") }
    }

    @Test func coveringVocabularyIsSortedAndMinimal() {
        let vocabulary = CharVocabulary.covering([TaskExample(prompt: "ba ", target: "a\n")])
        #expect(vocabulary.characters == ["\n", " ", "a", "b"])
    }

    @Test func unscrambleKeepsLettersAndSplitsByWord() {
        let task = WordUnscrambleTask()
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let example = task.randomExample(of: .test, using: &rng)
            let scrambled = example.prompt.dropFirst("Q: unscramble ".count).dropLast(" A: ".count)
            #expect(scrambled.sorted() == example.answer.sorted())
            #expect(task.split(ofWord: example.answer) == .test)
        }
        let train = Set(task.examples(of: .train, count: 500, seed: 1).map(\.answer))
        let test = Set(task.examples(of: .test, count: 500, seed: 1).map(\.answer))
        #expect(train.isDisjoint(with: test) && !test.isEmpty)
    }
}
