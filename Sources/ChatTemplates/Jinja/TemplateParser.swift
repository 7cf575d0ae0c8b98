/// Parses lexed segments into statements, and tag tokens into expressions,
/// with Jinja's operator precedence (lowest first): `x if c else y`, `or`,
/// `and`, `not`, comparisons and `in`, `+ -`, `~`, `* / // %`, `**`, unary
/// minus, then postfix `.name`, `[i]`, `[a:b]`, calls, `| filter` and `is test`.
struct TemplateParser {
    private var segments: [TemplateSegment]
    private var index = 0

    init(_ segments: [TemplateSegment]) { self.segments = segments }

    mutating func parse() throws -> [TemplateNode] {
        let (body, end) = try parseBody(until: [])
        if let end { throw TemplateError("'\(end.keyword)' has no block to close", line: end.line) }
        return body
    }

    /// Nodes up to one of the `terminators` keywords (whose statement is returned, not consumed further).
    private mutating func parseBody(until terminators: Set<String>) throws -> ([TemplateNode], (keyword: String, tokens: [ExpressionToken], line: Int)?) {
        var nodes: [TemplateNode] = []
        while index < segments.count {
            let segment = segments[index]
            index += 1
            switch segment {
            case .text(let text): nodes.append(.text(text))
            case .output(let tokens, let line):
                var reader = TokenReader(tokens, line: line)
                let expression = try reader.parseExpression()
                try reader.expectEnd()
                nodes.append(.output(expression, line: line))
            case .statement(let tokens, let line):
                guard case .name(let keyword)? = tokens.first else { throw TemplateError("a tag must start with a keyword", line: line) }
                if terminators.contains(keyword) { return (nodes, (keyword, tokens, line)) }
                nodes.append(try parseStatement(keyword, tokens: tokens, line: line))
            }
        }
        if !terminators.isEmpty {
            throw TemplateError("the template ends before one of \(terminators.sorted().joined(separator: ", "))")
        }
        return (nodes, nil)
    }

    private mutating func parseStatement(_ keyword: String, tokens: [ExpressionToken], line: Int) throws -> TemplateNode {
        var reader = TokenReader(Array(tokens.dropFirst()), line: line)
        switch keyword {
        case "if":
            var branches: [(condition: Expression, body: [TemplateNode])] = []
            var condition = try reader.parseExpression()
            try reader.expectEnd()
            while true {
                let (body, end) = try parseBody(until: ["elif", "else", "endif"])
                branches.append((condition, body))
                guard let end else { throw TemplateError("'if' is never closed", line: line) }
                switch end.keyword {
                case "elif":
                    var next = TokenReader(Array(end.tokens.dropFirst()), line: end.line)
                    condition = try next.parseExpression()
                    try next.expectEnd()
                case "else":
                    let (otherwise, close) = try parseBody(until: ["endif"])
                    guard close != nil else { throw TemplateError("'if' is never closed", line: line) }
                    return .branches(branches, otherwise: otherwise, line: line)
                default:
                    return .branches(branches, otherwise: [], line: line)
                }
            }
        case "for":
            var targets = [try reader.expectName()]
            while reader.accept(.symbol(",")) { targets.append(try reader.expectName()) }
            try reader.expect(.name("in"))
            let iterable = try reader.parseExpression(allowConditional: false)
            let filter = reader.accept(.name("if")) ? try reader.parseExpression(allowConditional: false) : nil
            if reader.accept(.name("recursive")) { throw TemplateError("recursive loops are not supported", line: line) }
            try reader.expectEnd()
            let (body, end) = try parseBody(until: ["else", "endfor"])
            var otherwise: [TemplateNode] = []
            if end?.keyword == "else" {
                let (rest, close) = try parseBody(until: ["endfor"])
                guard close != nil else { throw TemplateError("'for' is never closed", line: line) }
                otherwise = rest
            }
            return .loop(targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise, line: line)
        case "set":
            let first = try reader.expectName()
            let target: AssignmentTarget
            if reader.accept(.symbol(".")) {
                target = .attribute(object: first, name: try reader.expectName())
            } else {
                var names = [first]
                while reader.accept(.symbol(",")) { names.append(try reader.expectName()) }
                target = .names(names)
            }
            if reader.atEnd {
                guard case .names(let names) = target, names.count == 1 else {
                    throw TemplateError("a block 'set' assigns one name", line: line)
                }
                let (body, end) = try parseBody(until: ["endset"])
                guard end != nil else { throw TemplateError("'set' is never closed", line: line) }
                return .assignBlock(names[0], body: body, line: line)
            }
            try reader.expect(.symbol("="))
            let value = try reader.parseTuple()
            try reader.expectEnd()
            return .assign(target, value, line: line)
        case "macro":
            let name = try reader.expectName()
            try reader.expect(.symbol("("))
            var parameters: [(name: String, defaultValue: Expression?)] = []
            while !reader.accept(.symbol(")")) {
                let parameter = try reader.expectName()
                parameters.append((parameter, reader.accept(.symbol("=")) ? try reader.parseExpression() : nil))
                if !reader.accept(.symbol(",")) { try reader.expect(.symbol(")")); break }
            }
            try reader.expectEnd()
            let (body, end) = try parseBody(until: ["endmacro"])
            guard end != nil else { throw TemplateError("'macro' is never closed", line: line) }
            return .macro(name: name, parameters: parameters, body: body)
        case "break":
            try reader.expectEnd()
            return .breakLoop(line: line)
        case "continue":
            try reader.expectEnd()
            return .continueLoop(line: line)
        case "generation":
            try reader.expectEnd()
            let (body, end) = try parseBody(until: ["endgeneration"])
            guard end != nil else { throw TemplateError("'generation' is never closed", line: line) }
            return .generation(body)
        default:
            throw TemplateError("the statement '\(keyword)' is not supported", line: line)
        }
    }
}

/// Reads the tokens of one tag.
struct TokenReader {
    private let tokens: [ExpressionToken]
    private var position = 0
    let line: Int

    init(_ tokens: [ExpressionToken], line: Int) { self.tokens = tokens; self.line = line }

    var atEnd: Bool { position >= tokens.count }
    private var current: ExpressionToken? { position < tokens.count ? tokens[position] : nil }

    mutating func accept(_ token: ExpressionToken) -> Bool {
        guard current == token else { return false }
        position += 1
        return true
    }

    mutating func expect(_ token: ExpressionToken) throws {
        guard accept(token) else { throw error("expected \(Self.show(token)), found \(current.map(Self.show) ?? "the end of the tag")") }
    }

    mutating func expectName() throws -> String {
        guard case .name(let name)? = current else { throw error("expected a name, found \(current.map(Self.show) ?? "the end of the tag")") }
        position += 1
        return name
    }

    func expectEnd() throws {
        if let current { throw error("unexpected \(Self.show(current))") }
    }

    private func error(_ message: String) -> TemplateError { TemplateError(message, line: line) }

    static func show(_ token: ExpressionToken) -> String {
        switch token {
        case .name(let n): "'\(n)'"
        case .string(let s): "the string '\(s)'"
        case .integer(let i): "\(i)"
        case .float(let d): "\(d)"
        case .symbol(let s): "'\(s)'"
        }
    }

    /// An expression, or several separated by commas (a tuple, as a list).
    mutating func parseTuple() throws -> Expression {
        let first = try parseExpression()
        guard current == .symbol(",") else { return first }
        var items = [first]
        while accept(.symbol(",")) {
            if atEnd || current == .symbol(")") { break }
            items.append(try parseExpression())
        }
        return .list(items)
    }

    mutating func parseExpression(allowConditional: Bool = true) throws -> Expression {
        let value = try parseOr()
        guard allowConditional, accept(.name("if")) else { return value }
        let condition = try parseOr()
        let otherwise = accept(.name("else")) ? try parseExpression() : nil
        return .conditional(condition: condition, then: value, otherwise: otherwise)
    }

    private mutating func parseOr() throws -> Expression {
        var left = try parseAnd()
        while accept(.name("or")) { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws -> Expression {
        var left = try parseNot()
        while accept(.name("and")) { left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws -> Expression {
        if accept(.name("not")) { return .not(try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> Expression {
        let left = try parseAdditive()
        var operations: [(op: String, operand: Expression)] = []
        while true {
            if case .symbol(let s)? = current, ["==", "!=", "<", "<=", ">", ">="].contains(s) {
                position += 1
                operations.append((s, try parseAdditive()))
            } else if accept(.name("in")) {
                operations.append(("in", try parseAdditive()))
            } else if current == .name("not"), position + 1 < tokens.count, tokens[position + 1] == .name("in") {
                position += 2
                operations.append(("not in", try parseAdditive()))
            } else {
                break
            }
        }
        return operations.isEmpty ? left : .comparison(left, operations)
    }

    private mutating func parseAdditive() throws -> Expression {
        var left = try parseConcatenation()
        while case .symbol(let s)? = current, s == "+" || s == "-" {
            position += 1
            left = .binary(s, left, try parseConcatenation())
        }
        return left
    }

    private mutating func parseConcatenation() throws -> Expression {
        var left = try parseMultiplicative()
        while accept(.symbol("~")) { left = .binary("~", left, try parseMultiplicative()) }
        return left
    }

    private mutating func parseMultiplicative() throws -> Expression {
        var left = try parsePower()
        while case .symbol(let s)? = current, ["*", "/", "//", "%"].contains(s) {
            position += 1
            left = .binary(s, left, try parsePower())
        }
        return left
    }

    private mutating func parsePower() throws -> Expression {
        var left = try parseUnary(withFilters: true)
        while accept(.symbol("**")) { left = .binary("**", left, try parseUnary(withFilters: true)) }
        return left
    }

    private mutating func parseUnary(withFilters: Bool) throws -> Expression {
        var value: Expression
        if accept(.symbol("-")) {
            value = .unary("-", try parseUnary(withFilters: false))
        } else if accept(.symbol("+")) {
            value = try parseUnary(withFilters: false)
        } else {
            value = try parsePostfix(try parsePrimary())
        }
        if withFilters { value = try parseFiltersAndTests(value) }
        return value
    }

    private mutating func parsePrimary() throws -> Expression {
        guard let token = current else { throw error("an expression is missing") }
        position += 1
        switch token {
        case .string(var text):
            while case .string(let more)? = current { text += more; position += 1 }   // adjacent literals join
            return .literal(.string(text))
        case .integer(let i): return .literal(.integer(i))
        case .float(let d): return .literal(.double(d))
        case .name(let name):
            switch name {
            case "true", "True": return .literal(.boolean(true))
            case "false", "False": return .literal(.boolean(false))
            case "none", "None": return .literal(.none)
            default: return .variable(name)
            }
        case .symbol("("):
            if accept(.symbol(")")) { return .list([]) }
            let inner = try parseTuple()
            try expect(.symbol(")"))
            return inner
        case .symbol("["):
            var items: [Expression] = []
            while !accept(.symbol("]")) {
                items.append(try parseExpression())
                if !accept(.symbol(",")) { try expect(.symbol("]")); break }
            }
            return .list(items)
        case .symbol("{"):
            var pairs: [(key: Expression, value: Expression)] = []
            while !accept(.symbol("}")) {
                let key = try parseExpression()
                try expect(.symbol(":"))
                pairs.append((key, try parseExpression()))
                if !accept(.symbol(",")) { try expect(.symbol("}")); break }
            }
            return .dictionary(pairs)
        default:
            throw error("unexpected \(Self.show(token))")
        }
    }

    private mutating func parsePostfix(_ start: Expression) throws -> Expression {
        var value = start
        while true {
            if accept(.symbol(".")) {
                switch current {
                case .name(let name)?: position += 1; value = .attribute(value, name)
                case .integer(let i)?: position += 1; value = .subscript_(value, .literal(.integer(i)))
                default: throw error("expected an attribute name after '.'")
                }
            } else if accept(.symbol("[")) {
                value = try parseSubscript(of: value)
            } else if accept(.symbol("(")) {
                value = .call(value, arguments: try parseArguments())
            } else {
                return value
            }
        }
    }

    private mutating func parseSubscript(of value: Expression) throws -> Expression {
        var parts: [Expression?] = [nil]
        var isSlice = false
        while !accept(.symbol("]")) {
            if accept(.symbol(":")) {
                isSlice = true
                parts.append(nil)
                continue
            }
            guard parts[parts.count - 1] == nil else { throw error("expected ']' or ':' in a subscript") }
            parts[parts.count - 1] = try parseExpression()
        }
        guard isSlice else {
            guard let index = parts[0] else { throw error("an empty subscript") }
            return .subscript_(value, index)
        }
        guard parts.count <= 3 else { throw error("a slice has at most start:stop:step") }
        return .slice(value, start: parts[0], stop: parts.count > 1 ? parts[1] : nil, step: parts.count > 2 ? parts[2] : nil)
    }

    /// Arguments after an opening parenthesis, through the closing one.
    private mutating func parseArguments() throws -> Arguments {
        var arguments = Arguments()
        while !accept(.symbol(")")) {
            if case .name(let name)? = current, position + 1 < tokens.count, tokens[position + 1] == .symbol("=") {
                position += 2
                arguments.keyword.append((name, try parseExpression()))
            } else {
                arguments.positional.append(try parseExpression())
            }
            if !accept(.symbol(",")) { try expect(.symbol(")")); break }
        }
        return arguments
    }

    private mutating func parseFiltersAndTests(_ start: Expression) throws -> Expression {
        var value = start
        while true {
            if accept(.symbol("|")) {
                let name = try expectName()
                value = .filter(value, name: name, arguments: accept(.symbol("(")) ? try parseArguments() : Arguments())
            } else if accept(.name("is")) {
                let negated = accept(.name("not"))
                var name = try expectName()
                if name == "none" || name == "true" || name == "false" { name = name.lowercased() }
                var arguments = Arguments()
                if accept(.symbol("(")) {
                    arguments = try parseArguments()
                } else if let next = current, Self.startsTestArgument(next) {
                    arguments.positional = [try parsePostfix(try parsePrimary())]
                }
                value = .test(value, name: name, arguments: arguments, negated: negated)
            } else {
                return value
            }
        }
    }

    /// `x is divisibleby 3`, `x is sameas y`: a test may take one bare argument.
    private static func startsTestArgument(_ token: ExpressionToken) -> Bool {
        switch token {
        case .string, .integer, .float: true
        case .name(let n): !["and", "or", "else", "if", "in", "not", "is"].contains(n)
        case .symbol(let s): s == "[" || s == "{"
        }
    }
}
