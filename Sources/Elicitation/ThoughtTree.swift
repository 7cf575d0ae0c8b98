import TaskSuite

/// The state of a node when the search ended.
public enum ThoughtStatus: String, Codable, Sendable {
    /// Proposed, never expanded (still on the frontier when the search ended).
    case frontier
    /// Expanded: its children were proposed.
    case expanded
    /// Dropped: the verifier scored it 0, or it fell out of the `breadth` best.
    case pruned
    /// The terminal node whose chain gives the answer.
    case solution
}

/// How nodes were valued: by the mean log-probability per token of their
/// chain, by the task's verifier, or by the model's own 0–10 rating of each
/// step (`self`, see `StepRater`).
public enum ThoughtScoring: String, Codable, Sendable {
    case logprob, verifier
    case selfRated = "self"
}

/// One proposed step of a tree of thoughts.
public struct ThoughtNode: Codable, Sendable, Equatable {
    public var id: Int
    public var parent: Int?
    /// Steps from the root (the root, the bare prompt, has depth 0).
    public var depth: Int
    /// The step's text (one line, without its newline).
    public var step: String
    /// The step's generated tokens with log-probs.
    public var tokens: [ScoredToken]
    public var status: ThoughtStatus
    /// How many of the parent's samples proposed this same step.
    public var proposals: Int = 1
    /// Σ log p of every token of the chain from the root to this node.
    public var chainLogprob: Double = 0
    public var chainTokens: Int = 0
    /// The verifier's value of the chain (nil without a verifier, or when it could not judge).
    public var verifierScore: Double?
    /// Scoring `self`: what the model wrote when asked to rate this step, and
    /// the rating read from it, 0–10 (nil when unparsed).
    public var ratingText: String?
    public var rating: Double?
    /// 1-based order in which the node was expanded, if it was.
    public var expansion: Int?
    /// The model ended the chain here (empty line, end of text or step too long).
    public var endedChain: Bool = false

    public init(id: Int, parent: Int?, depth: Int, step: String, tokens: [ScoredToken], status: ThoughtStatus) {
        self.id = id; self.parent = parent; self.depth = depth; self.step = step
        self.tokens = tokens; self.status = status
    }

    /// Mean log-probability per token of the chain (0 for the root).
    public var meanLogprob: Double { chainTokens == 0 ? 0 : chainLogprob / Double(chainTokens) }

    /// The value the search orders nodes by first: the verifier's score, else
    /// the model's rating / 10, else 0.5 (nothing judged it).
    public var value: Double { verifierScore ?? rating.map { $0 / 10 } ?? 0.5 }

    /// Whether the chain ends here: an answer, the model's own end, or the depth limit.
    public func isTerminal(maxDepth: Int) -> Bool {
        guard depth > 0 else { return false }
        return endedChain || depth >= maxDepth || extractAnswer(from: step).rule == .theAnswerIs
    }

    enum CodingKeys: String, CodingKey {
        case id, parent, depth, step, tokens, status, proposals, chainLogprob = "chain_logprob",
             chainTokens = "chain_tokens", verifierScore = "verifier_score", ratingText = "rating_text", rating,
             expansion, endedChain = "ended_chain"
    }
}

/// The explored tree of a tree-of-thoughts search: stored as JSON with the
/// output, printable with `rendered()`.
public struct ThoughtTree: Codable, Sendable, Equatable {
    public var prompt: String
    public var breadth: Int
    public var depth: Int
    public var scoring: ThoughtScoring
    public var nodes: [ThoughtNode] = []
    /// The node whose chain is the answer.
    public var solution: Int?
    /// Scoring `self`: how many ratings could not be read (those steps were valued 0.5); nil for other scorings.
    public var unparsedRatings: Int?

    public init(prompt: String, breadth: Int, depth: Int, scoring: ThoughtScoring) {
        self.prompt = prompt; self.breadth = breadth; self.depth = depth; self.scoring = scoring
    }

    enum CodingKeys: String, CodingKey {
        case prompt, breadth, depth, scoring, nodes, solution, unparsedRatings = "unparsed_ratings"
    }

    /// Node ids from the root's first child down to `id`.
    public func path(to id: Int) -> [Int] {
        var path: [Int] = []
        var current: Int? = id
        while let node = current, node != 0 { path.append(node); current = nodes[node].parent }
        return path.reversed()
    }

    /// The steps of the chain ending at `id`.
    public func steps(to id: Int) -> [String] { path(to: id).map { nodes[$0].step } }

    /// The text generated so far up to node `id`, each step followed by its newline.
    public func chainPrefix(of id: Int) -> String { steps(to: id).map { $0 + "\n" }.joined() }

    func chainLogprob(to id: Int) -> (Double, Int) {
        let tokens = path(to: id).flatMap { nodes[$0].tokens }
        return (tokens.reduce(0) { $0 + $1.logprob }, tokens.count)
    }

    /// The solution chain as one generation: steps joined by newlines, tokens concatenated.
    public var solutionGeneration: TextGeneration {
        let ids = solution.map { path(to: $0) } ?? []
        let text = ids.map { nodes[$0].step }.joined(separator: "\n")
        let ended = ids.last.map { nodes[$0].endedChain } ?? true
        return TextGeneration(text: text, tokens: ids.flatMap { nodes[$0].tokens },
                          finishReason: ended ? .endOfText : .stop, stopString: ended ? nil : "\n")
    }

    /// The tree as indented text, one node per line: id, status, verifier
    /// value or the model's rating (with what it wrote when unparsed), mean
    /// log-prob per token, and the step; scoring `self` adds a last line
    /// counting the unparsed ratings.
    public func rendered() -> String {
        var lines = ["tree of thoughts (breadth \(breadth), depth \(depth), scored by \(scoring.rawValue))"]
        func visit(_ id: Int, indent: String) {
            let children = nodes.filter { $0.parent == id }
            for (offset, child) in children.enumerated() {
                let last = offset == children.count - 1
                var facts = ["#\(child.id)", child.expansion.map { "expanded at \($0)" } ?? child.status.rawValue]
                if let value = child.verifierScore { facts.append("verifier \(formatted(value))") }
                if let rating = child.rating { facts.append("rated \(formatted(rating))") } else if let text = child.ratingText {
                    facts.append("rating unparsed \(quoted(text))")
                }
                facts.append("lp/token \(formatted(child.meanLogprob))")
                if child.proposals > 1 { facts.append("×\(child.proposals)") }
                lines.append(indent + (last ? "└─ " : "├─ ") + "[\(facts.joined(separator: ", "))] "
                             + quoted(child.step))
                visit(child.id, indent: indent + (last ? "   " : "│  "))
            }
        }
        visit(0, indent: "")
        if let unparsedRatings { lines.append("unparsed ratings: \(unparsedRatings)") }
        return lines.joined(separator: "\n")
    }
}

private func formatted(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return String(scaled)
}

private func quoted(_ text: String) -> String {
    "\"" + text.replacingCharacters("\"", with: "\\\"") + "\""
}

extension String {
    func replacingCharacters(_ character: Character, with replacement: String) -> String {
        var output = ""
        for c in self { if c == character { output += replacement } else { output.append(c) } }
        return output
    }
}
