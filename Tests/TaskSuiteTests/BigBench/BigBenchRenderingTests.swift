import Testing
@testable import TaskSuite

/// Prompts rendered from the real task files, compared with strings written
/// out by hand from BIG-bench's rules (see `BigBenchPrompt`):
/// formatted input = input prefix + input [+ choice prefix before each listed
/// choice] + output prefix; k-shot = task prefix + exemplars (formatted input
/// + target) joined by the separator + separator + question. The only numbers
/// not worked out by hand are numpy's: RandomState(42).permutation(7) is
/// [0, 1, 5, 2, 4, 3, 6] (NumpyRandomStateTests), and BIG-bench's draw for
/// question 0 of a 20-example task with seed 42 picks examples 1 and 6.
@Suite struct BigBenchRenderingTests {
    /// `arithmetic:2_digit_addition`, example 0: "What is 80 plus 29?" with
    /// target_scores {378, 388, 4, 54942, banana, house, 109}. Sorted by code
    /// point: 109, 378, 388, 4, 54942, banana, house; permuted by
    /// [0, 1, 5, 2, 4, 3, 6]: 109, 378, banana, 388, 54942, 4, house.
    @Test func zeroShotGenerationSubtaskListsChoicesInBigBenchOrder() throws {
        let task = try BigBenchFixtures.task("arithmetic/2_digit_addition/task.json")
        #expect(BigBenchPrompt.zeroShot(task.examples[0], format: task.format)
            == "\nQ: What is 80 plus 29?\n  choice: 109\n  choice: 378\n  choice: banana\n  choice: 388\n  choice: 54942\n  choice: 4\n  choice: house\nA: ")
    }

    /// Two shots for example 0: examples 1 ("36 plus 97", target 133) and 6
    /// ("79 plus 14", target 93), each with its own choices listed, joined and
    /// followed by the default separator "\n".
    @Test func twoShotGenerationSubtask() throws {
        let task = try BigBenchFixtures.task("arithmetic/2_digit_addition/task.json")
        let draws = try BigBenchExemplars.draw(targetCounts: task.examples.map(\.targets.count), shots: 2, questions: 1)
        #expect(draws[0] == [BigBenchShot(example: 1, target: 0), BigBenchShot(example: 6, target: 0)])
        #expect(prompt(task, question: 0, shots: draws[0]) == """

            Q: What is 36 plus 97?
              choice: 133
              choice: 5
              choice: banana
              choice: 749
              choice: 973
              choice: 76244
              choice: house
            A: 133

            Q: What is 79 plus 14?
              choice: 3426
              choice: 57
              choice: banana
              choice: 84
              choice: 93
              choice: 9
              choice: house
            A: 93

            Q: What is 80 plus 29?
              choice: 109
              choice: 378
              choice: banana
              choice: 388
              choice: 54942
              choice: 4
              choice: house
            """ + "\nA: ")
    }

    /// `simple_arithmetic_json` sets `example_output_prefix` to " " and has
    /// no choices; with its 30 examples question 0 draws examples 28 and 17,
    /// question 1 examples 0 and 6.
    @Test func outputPrefixAndNoChoices() throws {
        let task = try BigBenchFixtures.task("simple_arithmetic_json/task.json")
        #expect(BigBenchPrompt.zeroShot(task.examples[0], format: task.format) == "\nQ: 1 + 4 = ")
        let draws = try BigBenchExemplars.draw(targetCounts: task.examples.map(\.targets.count), shots: 2, questions: 2)
        #expect(prompt(task, question: 0, shots: draws[0]) == "\nQ: 773 + 546 = 1319\n\nQ: 34 + 17 = 51\n\nQ: 1 + 4 = ")
        #expect(prompt(task, question: 1, shots: draws[1]) == "\nQ: 1 + 4 = 5\n\nQ: 5 + 2 = 7\n\nQ: 4 + 9 = ")
    }

    /// `analogical_similarity`: multiple choice with `append_choices_to_input`
    /// false and `example_output_prefix` "", after its long `task_prefix`. An
    /// exemplar shows its gold choice (the first with the highest score) as target.
    @Test func multipleChoiceTaskWithTaskPrefix() throws {
        let task = try BigBenchFixtures.task("analogical_similarity/task.json")
        #expect(task.kind == .multipleChoice)
        #expect(task.format.taskPrefix == Self.analogyPrefix)
        let question = "\nQ: The chihuahua bit the doctor, causing the doctor to flee from the chihuahua. <-> The dachshund bit the veterinarian, causing the veterinarian to flee from the dachshund. This is an example of "
        #expect(BigBenchPrompt.zeroShot(task.examples[0], format: task.format) == Self.analogyPrefix + question)
        let draws = try BigBenchExemplars.draw(targetCounts: task.examples.map(\.targets.count), shots: 2, questions: 1)
        #expect(prompt(task, question: 0, shots: draws[0]) == Self.analogyPrefix
            + "\nQ: The chihuahua bit the doctor, causing the doctor to flee from the chihuahua. <-> The veterinarian fled from the dachshund, causing the dachshund to bite the veterinarian. This is an example of surface similarity."
            + "\n"
            + "\nQ: The chihuahua bit the doctor, causing the doctor to flee from the chihuahua. <-> The barrier impeded the horse, and the horse jumped over the barrier. This is an example of no similarity."
            + "\n" + question)
    }

    /// `word_unscrambling` lists several acceptable targets for some words;
    /// an exemplar shows one of them drawn at random ("rae" shows "era", the
    /// second of are/era/ear), and that draw moves the generator for later questions.
    @Test func exemplarTargetIsDrawnAmongAcceptableTargets() throws {
        let task = try BigBenchFixtures.task("word_unscrambling/task.json")
        let draws = try BigBenchExemplars.draw(targetCounts: task.examples.map(\.targets.count), shots: 2, questions: 5)
        #expect(draws[3] == [BigBenchShot(example: 2, target: 0), BigBenchShot(example: 8, target: 1)])
        #expect(prompt(task, question: 3, shots: draws[3])
            == "\nQ: The word ofr is a scrambled version of the English word \nA: for"
            + "\n"
            + "\nQ: The word rae is a scrambled version of the English word \nA: era"
            + "\n"
            + "\nQ: The word ahtt is a scrambled version of the English word \nA: ")
        #expect(draws[4] == [BigBenchShot(example: 11, target: 0), BigBenchShot(example: 9, target: 1)])
    }

    @Test func exemplarsAreOtherExamplesAndEarlierQuestionsDoNotDependOnLaterOnes() throws {
        let counts = [Int](repeating: 1, count: 12) + [3, 1, 2]
        let long = try BigBenchExemplars.draw(targetCounts: counts, shots: 3, seed: 5, questions: 15)
        let short = try BigBenchExemplars.draw(targetCounts: counts, shots: 3, seed: 5, questions: 6)
        #expect(Array(long.prefix(6)) == short)
        for (question, shots) in long.enumerated() {
            #expect(shots.count == 3 && Set(shots.map(\.example)).count == 3)
            #expect(!shots.contains { $0.example == question })
            #expect(shots.allSatisfy { (0..<counts[$0.example]).contains($0.target) })
        }
        #expect(try BigBenchExemplars.draw(targetCounts: counts, shots: 3, seed: 6, questions: 15) != long)
        #expect(throws: BigBenchShotsError.self) { try BigBenchExemplars.draw(targetCounts: [1, 1], shots: 2, questions: 2) }
    }

    private func prompt(_ task: BigBenchTask, question: Int, shots: [BigBenchShot]) -> String {
        let input = { (i: Int) in BigBenchPrompt.formattedInput(task.examples[i], format: task.format) }
        return BigBenchPrompt.fewShot(question: input(question),
                                      exemplars: shots.map { (input($0.example), task.examples[$0.example].targets[$0.target]) },
                                      format: task.format)
    }

    static let analogyPrefix = """
        The essence of the task: for two given sentence episodes, choose a category that best describes the level of analogical similarity between them.
          The parent guided the child, compelling the child to follow the parent. <-> The teacher guided the student, compelling the student to follow the teacher. This is an example of literal similarity because the two episodes share all aspects of similarity.
          The parent guided the child, compelling the child to follow the parent. <-> The student followed the teacher, compelling the teacher to guide the student. This is an example of surface similarity because the two episodes share all aspects of similarity except higher-order structure.
          The parent guided the child, compelling the child to follow the parent. <-> The student ignored the teacher, compelling the teacher to reprimand the student. This is an example of only objects similarity because the two episodes only share object attribute similarity and higher-order relation similarity.
          The parent guided the child, compelling the child to follow the parent. <-> The Bible guided the worshippers, compelling the worshippers to follow the Bible. This is an example of an analogy because the two episodes share all aspects of similarity except role-filler binding similarity and object attribute similarity.
          The parent guided the child, compelling the child to follow the parent. <-> The minor guided the chaperone, compelling the chaperone to follow the minor. This is an example of a cross mapping because the two episodes share all aspects of similarity except role-filler binding similarity.
          The parent guided the child, compelling the child to follow the parent. <-> The Bible followed the worshippers, compelling the worshippers to guide the Bible. This is an example of a false analogy because the two episodes only share first-order relation similarity, higher-order relation similarity, and object-level isomorphism.
          The parent guided the child, compelling the child to follow the parent. <-> The cat swiped at the dog, and the dog barked at the cat. This is an example of no similarity because the two episodes share no aspects of similarity.
          The lion intimidated the zebra, causing the zebra to fear the lion. <-> The coyote intimidated the deer, causing the deer to fear the coyote. This is an example of literal similarity because the two episodes share all aspects of similarity.
          The lion intimidated the zebra, causing the zebra to fear the lion. <-> The coyote intimidated the deer, and the deer feared the coyote. This is an example of surface similarity because the two episodes share all aspects of similarity except higher-order relation similarity and higher-order structure similarity.
          The lion intimidated the zebra, causing the zebra to fear the lion. <-> The coyote pounced on the deer, but the deer escaped from the coyote. This is an example of only objects similarity because the two episodes share object attribute similarity.
          The lion intimidated the zebra, causing the zebra to fear the lion. <-> The mob intimidated the witness, causing the witness to fear the mob. This is an example of an analogy because the two episodes share all aspects of similarity except role-filler binding similarity and object attribute similarity.
          The lion intimidated the zebra, causing the zebra to fear the lion. <-> The mob feared the witness, causing the mob to intimidate the witness. This is an example of a false analogy because the two episodes only share first-order relation similarity, higher-order relation similarity, and higher-order structure similarity.
          The lion intimidated the zebra, causing the zebra to fear the lion. <-> The manager relied on the employee, and the employee assisted the manager. This is an example of no similarity because the two episodes share no aspects of similarity.

        """
}
