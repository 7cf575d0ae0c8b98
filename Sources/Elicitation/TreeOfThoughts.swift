/// Tree-of-thoughts search over reasoning steps (Yao et al. 2023), best first.
///
/// A *step* is one line: candidates are proposed by sampling the model from
/// the prompt plus the chain so far until the step delimiter (a newline).
/// Each expanded node proposes `breadth` candidates (identical texts are
/// merged). A node's value is the task verifier's score of its chain when a
/// verifier is given (nil counts as 0.5), or the model's own rating of its
/// step / 10 when a `StepRater` is given (an unparsed rating counts as 0.5),
/// and ties — or every comparison when neither is given — go to the higher
/// mean log-probability per token of the chain under the model
/// (untempered), then to the earlier node.
///
/// The search repeatedly takes the best frontier node. A node is *terminal*
/// when its step states an answer ("The answer is"), when the model ended the
/// chain (an empty line, end of text, or no new tokens) or at depth `depth`;
/// the first terminal node taken is the solution. Pruning: a chain the
/// verifier scores 0 is never expanded (a rating of 0 is not pruned: it only
/// orders), and after each expansion only the
/// `breadth` best frontier nodes are kept. At most `breadth × depth`
/// expansions are made; if none reached a terminal node the best node seen
/// (terminal first, then deepest frontier) is the solution.
public struct TreeOfThoughts: Sendable {
    public var breadth: Int
    public var depth: Int
    public var temperature: Double
    public var topK: Int?
    public var topP: Double?
    public var maxStepTokens: Int
    public var seed: UInt64

    public init(breadth: Int, depth: Int, temperature: Double, topK: Int? = nil, topP: Double? = nil,
                maxStepTokens: Int = 64, seed: UInt64) {
        self.breadth = max(1, breadth); self.depth = max(1, depth); self.temperature = temperature
        self.topK = topK; self.topP = topP; self.maxStepTokens = maxStepTokens; self.seed = seed
    }

    /// Explores the tree for a text `prompt` and returns it with its solution marked.
    public func run(prompt: String, model: some TextModel, verifier: (any StepVerifier)?,
                    rater: StepRater? = nil) throws -> ThoughtTree {
        try run(prompt: StrategyPrompt(text: prompt), model: model, verifier: verifier, rater: rater)
    }

    /// Explores the tree for `prompt` (a chat model continues the chain as
    /// its open answer) and returns it with its solution marked. With a
    /// `rater` the model rates every step (scoring `self`) and `verifier` is not used.
    public func run(prompt: StrategyPrompt, model: some TextModel, verifier: (any StepVerifier)?,
                    rater: StepRater? = nil) throws -> ThoughtTree {
        let verifier = rater == nil ? verifier : nil
        var tree = ThoughtTree(prompt: prompt.text, breadth: breadth, depth: depth,
                               scoring: rater != nil ? .selfRated : verifier == nil ? .logprob : .verifier)
        if rater != nil { tree.unparsedRatings = 0 }
        tree.nodes.append(ThoughtNode(id: 0, parent: nil, depth: 0, step: "", tokens: [], status: .frontier))
        var frontier: [Int] = [0]
        var expansions = 0
        while expansions < breadth * depth, let best = bestIndex(in: frontier, of: tree) {
            frontier.removeAll { $0 == best }
            if tree.nodes[best].isTerminal(maxDepth: depth) {
                tree.nodes[best].status = .solution
                tree.solution = best
                return tree
            }
            expansions += 1
            tree.nodes[best].status = .expanded
            tree.nodes[best].expansion = expansions
            let chain = tree.chainPrefix(of: best)
            for candidate in 0..<breadth {
                let settings = GenerationSettings(
                    maxTokens: maxStepTokens, temperature: temperature, topK: topK, topP: topP,
                    seed: derivedSeed(seed, UInt64(best), UInt64(candidate)), stop: ["\n"])
                let generation = try model.generate(prompt, continuing: chain, settings: settings)
                if let twin = tree.nodes.firstIndex(where: { $0.parent == best && $0.step == generation.text }) {
                    tree.nodes[twin].proposals += 1
                    continue
                }
                var node = ThoughtNode(id: tree.nodes.count, parent: best, depth: tree.nodes[best].depth + 1,
                                       step: generation.text, tokens: generation.tokens, status: .frontier)
                node.endedChain = generation.finishReason != .stop || generation.text.isEmpty || generation.tokens.isEmpty
                tree.nodes.append(node)
                let steps = tree.steps(to: node.id)
                let (logprob, count) = tree.chainLogprob(to: node.id)
                tree.nodes[node.id].chainLogprob = logprob
                tree.nodes[node.id].chainTokens = count
                if let rater {
                    let (text, rating) = try rater.rate(steps: steps, model: model)
                    tree.nodes[node.id].ratingText = text
                    tree.nodes[node.id].rating = rating
                    if rating == nil { tree.unparsedRatings? += 1 }
                }
                if let verifier {
                    let value = verifier.score(steps: steps)
                    tree.nodes[node.id].verifierScore = value
                    if value == 0 { tree.nodes[node.id].status = .pruned; continue }
                }
                frontier.append(node.id)
            }
            // Keep the `breadth` best frontier nodes; prune the rest.
            let ranked = frontier.sorted { isBetter(tree.nodes[$0], than: tree.nodes[$1]) }
            for dropped in ranked.dropFirst(breadth) { tree.nodes[dropped].status = .pruned }
            frontier = Array(ranked.prefix(breadth))
        }
        // Budget spent or nothing left: the best terminal node, else the deepest best frontier node.
        let candidates = tree.nodes.filter { $0.status != .pruned && $0.id != 0 }
        let terminal = candidates.filter { $0.isTerminal(maxDepth: depth) }
        let pool = terminal.isEmpty ? candidates : terminal
        let chosen = pool.sorted {
            $0.depth != $1.depth && terminal.isEmpty ? $0.depth > $1.depth : isBetter($0, than: $1)
        }.first
        tree.solution = chosen?.id ?? 0
        if let chosen { tree.nodes[chosen.id].status = .solution }
        return tree
    }

    private func bestIndex(in frontier: [Int], of tree: ThoughtTree) -> Int? {
        frontier.min { isBetter(tree.nodes[$0], than: tree.nodes[$1]) }
    }

    /// The search order: value (verifier or rating), then mean log-prob per token, then age.
    func isBetter(_ a: ThoughtNode, than b: ThoughtNode) -> Bool {
        if a.value != b.value { return a.value > b.value }
        if a.meanLogprob != b.meanLogprob { return a.meanLogprob > b.meanLogprob }
        return a.id < b.id
    }
}
