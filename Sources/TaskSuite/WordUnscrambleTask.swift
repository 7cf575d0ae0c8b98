import EmergeSupport

/// Word unscrambling (BIG-bench's "unscramble"-style ability): the letters of
/// a common English word in a seeded random order, answer the word.
///
/// Format: `Q: unscramble olhel A: ` → `hello\n`. The split is a fixed hash
/// of the word, so no test word is ever seen in training.
public struct WordUnscrambleTask: TaskGenerator, Equatable {
    public var words: [String]
    public var testPerMille: Int

    public init(words: [String] = WordUnscrambleTask.commonWords, testPerMille: Int = 200) {
        precondition(!words.isEmpty, "need at least one word")
        self.words = words; self.testPerMille = testPerMille
    }

    public var name: String { "unscramble" }
    public var vocabulary: CharVocabulary {
        CharVocabulary(characters: "\n :AQ" + "abcdefghijklmnopqrstuvwxyz")
    }

    public func split(ofWord word: String) -> TaskSplit {
        partition(stableHash(word), salt: 0x5C8A, testPerMille: testPerMille)
    }

    public func split(of example: TaskExample) -> TaskSplit { split(ofWord: example.answer) }

    /// The example for a word with its letters in the given order.
    public func example(word: String, scrambled: String) -> TaskExample {
        TaskExample(prompt: "Q: unscramble \(scrambled) A: ", target: word + "\n")
    }

    public func randomExample(of split: TaskSplit, using rng: inout SplitMix64) -> TaskExample {
        let pool = words.filter { self.split(ofWord: $0) == split }
        precondition(!pool.isEmpty, "the word list has no \(split) words")
        let word = pool[rng.below(pool.count)]
        var letters = Array(word)
        // Fisher–Yates; retry a few times so the puzzle is not the answer itself.
        for _ in 0..<8 {
            for i in stride(from: letters.count - 1, to: 0, by: -1) { letters.swapAt(i, rng.below(i + 1)) }
            if String(letters) != word { break }
        }
        return example(word: word, scrambled: String(letters))
    }

    /// 240 common lowercase English words of 4–8 letters.
    public static let commonWords: [String] = """
    about above after again agent agree ahead alarm album alive allow alone along among angle angry \
    animal answer apple april area argue arise army around arrive artist aside asleep attack august \
    author avoid award aware badly baker basic basis beach beard beast begin being below bench birth \
    black blade blame blank blind block blood board boat body bone bonus book border bottle bottom \
    brain brand bread break brick bride brief bring broad brown brush build bunch burden butter cabin \
    cable camera candle canvas carbon career carpet carry castle cause chain chair chalk chance change \
    charge chart cheap check chest chief child choice chorus circle claim class clean clear clerk \
    clock close cloud coach coast coffee column common corner cotton count couple course court cover \
    crack craft cream crime cross crowd crown cycle daily dance danger dealer death debate decade \
    degree delay depth desert design detail device dinner doctor dollar donkey double doubt dozen \
    draft drama dream dress drink drive early earth editor effort eight elbow empty enemy energy \
    engine enjoy entry equal error essay event exact exist extra fabric factor faith false family \
    farmer father fault favor feast fence field fight final finger first flame flight floor flower \
    focus force forest forget format frame fresh friend front fruit funny garden gather giant glass \
    globe glove grace grade grain grand grant grape grass great green group guard guest guide habit \
    happy harbor heart heavy honey horse hotel house human humor image index inner input island \
    jacket jelly judge juice kettle knife ladder lamp laugh layer lemon letter level light limit \
    liquid little lunch magic market master matter meadow medal melon metal middle minute mirror \
    model money month motor mouse music nature needle night noble north novel number ocean office
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
}
