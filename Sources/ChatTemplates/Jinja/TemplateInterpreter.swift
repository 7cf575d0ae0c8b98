/// Renders parsed template nodes with Jinja's semantics as Hugging Face
/// runs chat templates (a sandbox in which only namespaces are mutable):
/// `for` opens a scope (assignments inside it vanish after the loop, which is
/// why templates carry state in a `namespace`), undefined names print as ""
/// and are false, and an attribute of an undefined value is an error.
final class TemplateInterpreter {
    private var scopes: [[String: TemplateValue]]
    private var output = ""

    init(globals: [String: TemplateValue]) { scopes = [globals] }

    enum Flow { case normal, breakLoop, continueLoop }

    func render(_ nodes: [TemplateNode]) throws -> String {
        output = ""
        _ = try run(nodes)
        return output
    }

    private func lookup(_ name: String) -> TemplateValue {
        for scope in scopes.reversed() { if let value = scope[name] { return value } }
        return .undefined
    }

    private func assign(_ name: String, _ value: TemplateValue) { scopes[scopes.count - 1][name] = value }

    private func run(_ nodes: [TemplateNode]) throws -> Flow {
        for node in nodes {
            let flow = try run(node)
            if flow != .normal { return flow }
        }
        return .normal
    }

    private func run(_ node: TemplateNode) throws -> Flow {
        switch node {
        case .text(let text):
            output += text
        case .output(let expression, let line):
            output += try located(line) { try evaluate(expression).printed }
        case .branches(let branches, let otherwise, let line):
            for branch in branches where try located(line, { try evaluate(branch.condition).isTruthy }) {
                return try run(branch.body)
            }
            return try run(otherwise)
        case .loop(let targets, let iterable, let filter, let body, let otherwise, let line):
            return try runLoop(targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise, line: line)
        case .assign(let target, let expression, let line):
            try located(line) {
                let value = try evaluate(expression)
                switch target {
                case .names(let names) where names.count == 1:
                    assign(names[0], value)
                case .names(let names):
                    let items = try iterate(value)
                    guard items.count == names.count else {
                        throw TemplateError("cannot unpack \(items.count) values into \(names.count) names")
                    }
                    for (name, item) in zip(names, items) { assign(name, item) }
                case .attribute(let object, let name):
                    guard case .namespace(let namespace) = lookup(object) else {
                        throw TemplateError("cannot assign an attribute of '\(object)', which is not a namespace")
                    }
                    namespace.values[name] = value
                }
            }
        case .assignBlock(let name, let body, _):
            let saved = output
            output = ""
            _ = try run(body)
            let captured = output
            output = saved
            assign(name, .string(captured))
        case .macro(let name, let parameters, let body):
            let globals = scopes[0]
            assign(name, .function(.init(name: name) { [unowned self] positional, keyword in
                var scope = globals
                for (index, parameter) in parameters.enumerated() {
                    if index < positional.count { scope[parameter.name] = positional[index] }
                    else if let given = keyword.first(where: { $0.0 == parameter.name }) { scope[parameter.name] = given.1 }
                    else if let fallback = parameter.defaultValue { scope[parameter.name] = try self.evaluate(fallback) }
                    else { scope[parameter.name] = .undefined }
                }
                let savedScopes = self.scopes, savedOutput = self.output
                self.scopes = [scope]
                self.output = ""
                defer { self.scopes = savedScopes; self.output = savedOutput }
                _ = try self.run(body)
                return .string(self.output)
            }))
        case .breakLoop(let line):
            guard scopes.count > 1 else { throw TemplateError("'break' outside a loop", line: line) }
            return .breakLoop
        case .continueLoop(let line):
            guard scopes.count > 1 else { throw TemplateError("'continue' outside a loop", line: line) }
            return .continueLoop
        case .generation(let body):
            return try run(body)
        }
        return .normal
    }

    private func runLoop(targets: [String], iterable: Expression, filter: Expression?, body: [TemplateNode],
                         otherwise: [TemplateNode], line: Int) throws -> Flow {
        let source = try located(line) { try evaluate(iterable) }
        var items = try located(line) { () -> [TemplateValue] in
            if case .dictionary(let d) = source { return d.keys.map { .string($0) } }   // iterating a dict gives its keys
            return try iterate(source)
        }
        if let filter {
            scopes.append([:])
            defer { scopes.removeLast() }
            items = try items.filter { item in
                try bind(targets, to: item, line: line)
                return try located(line) { try evaluate(filter).isTruthy }
            }
        }
        guard !items.isEmpty else { return try run(otherwise) }
        scopes.append([:])
        defer { scopes.removeLast() }
        for (index, item) in items.enumerated() {
            scopes[scopes.count - 1] = [:]
            try bind(targets, to: item, line: line)
            let count = items.count
            var info = OrderedDictionary()
            info["index"] = .integer(index + 1)
            info["index0"] = .integer(index)
            info["revindex"] = .integer(count - index)
            info["revindex0"] = .integer(count - index - 1)
            info["first"] = .boolean(index == 0)
            info["last"] = .boolean(index == count - 1)
            info["length"] = .integer(count)
            info["previtem"] = index > 0 ? items[index - 1] : .undefined
            info["nextitem"] = index + 1 < count ? items[index + 1] : .undefined
            info["cycle"] = .function(.init(name: "cycle") { positional, _ in
                positional.isEmpty ? .undefined : positional[index % positional.count]
            })
            assign("loop", .dictionary(info))
            if try run(body) == .breakLoop { break }
        }
        return .normal
    }

    private func bind(_ targets: [String], to item: TemplateValue, line: Int) throws {
        if targets.count == 1 { assign(targets[0], item); return }
        let parts = try iterate(item)
        guard parts.count == targets.count else {
            throw TemplateError("cannot unpack \(parts.count) values into \(targets.count) loop variables", line: line)
        }
        for (name, part) in zip(targets, parts) { assign(name, part) }
    }

    /// Runs `body`, giving an error without a line the line of the tag.
    private func located<T>(_ line: Int, _ body: () throws -> T) throws -> T {
        do { return try body() } catch var error as TemplateError where error.line == nil && !error.raisedByTemplate {
            error.line = line
            throw error
        }
    }

    // MARK: Expressions

    func evaluate(_ expression: Expression) throws -> TemplateValue {
        switch expression {
        case .literal(let value): return value
        case .variable(let name): return lookup(name)
        case .list(let items): return .list(try items.map(evaluate))
        case .dictionary(let pairs):
            var d = OrderedDictionary()
            for pair in pairs {
                guard case .string(let key) = try evaluate(pair.key) else { throw TemplateError("dictionary keys must be strings") }
                d[key] = try evaluate(pair.value)
            }
            return .dictionary(d)
        case .attribute(let object, let name):
            return try attribute(name, of: try evaluate(object))
        case .subscript_(let object, let index):
            return try item(try evaluate(index), of: try evaluate(object))
        case .slice(let object, let start, let stop, let step):
            return try slice(try evaluate(object), start: try start.map(evaluate), stop: try stop.map(evaluate),
                             step: try step.map(evaluate))
        case .call(let callee, let arguments):
            let function = try evaluate(callee)
            guard case .function(let f) = function else {
                throw TemplateError("\(describe(callee)) is \(function.typeName == "undefined" ? "undefined" : "a \(function.typeName)"), not something to call")
            }
            return try f.call(try arguments.positional.map(evaluate), try arguments.keyword.map { ($0.name, try evaluate($0.value)) })
        case .filter(let value, let name, let arguments):
            return try TemplateFilters.apply(name, to: try evaluate(value), positional: try arguments.positional.map(evaluate),
                                             keyword: try arguments.keyword.map { ($0.name, try evaluate($0.value)) })
        case .test(let value, let name, let arguments, let negated):
            let result = try TemplateFilters.test(name, try evaluate(value), arguments: try arguments.positional.map(evaluate))
            return .boolean(result != negated)
        case .unary(_, let operand):
            switch try evaluate(operand) {
            case .integer(let i): return .integer(-i)
            case .double(let d): return .double(-d)
            case let other: throw TemplateError("cannot negate a \(other.typeName)")
            }
        case .binary(let op, let left, let right):
            return try TemplateOperators.binary(op, try evaluate(left), try evaluate(right))
        case .and(let left, let right):
            let l = try evaluate(left)
            return l.isTruthy ? try evaluate(right) : l
        case .or(let left, let right):
            let l = try evaluate(left)
            return l.isTruthy ? l : try evaluate(right)
        case .not(let operand):
            return .boolean(!(try evaluate(operand).isTruthy))
        case .comparison(let first, let operations):
            var left = try evaluate(first)
            for operation in operations {
                let right = try evaluate(operation.operand)
                guard try TemplateOperators.compare(operation.op, left, right) else { return .boolean(false) }
                left = right
            }
            return .boolean(true)
        case .conditional(let condition, let then, let otherwise):
            if try evaluate(condition).isTruthy { return try evaluate(then) }
            return try otherwise.map(evaluate) ?? .undefined
        }
    }

    private func describe(_ expression: Expression) -> String {
        switch expression {
        case .variable(let name): "'\(name)'"
        case .attribute(_, let name): "'\(name)'"
        default: "the value"
        }
    }

    /// `object.name`: a method or attribute first, then an item (Jinja's getattr).
    func attribute(_ name: String, of object: TemplateValue) throws -> TemplateValue {
        switch object {
        case .undefined:
            throw TemplateError("cannot read '\(name)' of an undefined value")
        case .dictionary(let d):
            if let method = TemplateMethods.method(name, of: object) { return method }
            return d[name] ?? .undefined
        case .namespace(let n):
            return n.values[name] ?? .undefined
        default:
            return TemplateMethods.method(name, of: object) ?? .undefined
        }
    }

    /// `object[index]`: an item first, then an attribute (Jinja's getitem).
    func item(_ index: TemplateValue, of object: TemplateValue) throws -> TemplateValue {
        switch (object, index) {
        case (.undefined, _):
            throw TemplateError("cannot index an undefined value with \(index.repr)")
        case (.list(let list), .integer(let i)):
            let position = i < 0 ? list.count + i : i
            return list.indices.contains(position) ? list[position] : .undefined
        case (.string(let s), .integer(let i)):
            let scalars = Array(s.unicodeScalars)
            let position = i < 0 ? scalars.count + i : i
            return scalars.indices.contains(position) ? .string(String(scalars[position])) : .undefined
        case (.dictionary(let d), .string(let key)):
            return d[key] ?? TemplateMethods.method(key, of: object) ?? .undefined
        case (_, .string(let key)):
            return try attribute(key, of: object)
        default:
            return .undefined
        }
    }

    private func slice(_ object: TemplateValue, start: TemplateValue?, stop: TemplateValue?, step: TemplateValue?) throws -> TemplateValue {
        func integer(_ v: TemplateValue?) throws -> Int? {
            switch v {
            case nil, .none?, .undefined?: return nil
            case .integer(let i)?: return i
            case let other?: throw TemplateError("slice bounds must be integers, not \(other.typeName)")
            }
        }
        let stride = try integer(step) ?? 1
        guard stride != 0 else { throw TemplateError("a slice step cannot be zero") }
        func indices(_ count: Int) throws -> [Int] {
            func clamp(_ v: Int?, _ fallback: Int) -> Int {
                guard var v else { return fallback }
                if v < 0 { v += count }
                return stride > 0 ? min(max(v, 0), count) : min(max(v, -1), count - 1)
            }
            let from = clamp(try integer(start), stride > 0 ? 0 : count - 1)
            let to = clamp(try integer(stop), stride > 0 ? count : -1)
            return Array(Swift.stride(from: from, to: to, by: stride))
        }
        switch object {
        case .list(let list): return .list(try indices(list.count).map { list[$0] })
        case .string(let s):
            let scalars = Array(s.unicodeScalars)
            return .string(String(String.UnicodeScalarView(try indices(scalars.count).map { scalars[$0] })))
        default: throw TemplateError("cannot slice a \(object.typeName)")
        }
    }

    /// The items of a list, the characters of a string, the keys of a dict; undefined gives none.
    func iterate(_ value: TemplateValue) throws -> [TemplateValue] {
        switch value {
        case .list(let list): return list
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .dictionary(let d): return d.keys.map { .string($0) }
        case .undefined: return []
        default: throw TemplateError("a \(value.typeName) cannot be iterated")
        }
    }
}
