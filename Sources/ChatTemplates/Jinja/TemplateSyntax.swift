/// An expression of the template language.
indirect enum Expression {
    case literal(TemplateValue)
    case variable(String)
    case list([Expression])
    case dictionary([(key: Expression, value: Expression)])
    case attribute(Expression, String)
    case subscript_(Expression, Expression)
    case slice(Expression, start: Expression?, stop: Expression?, step: Expression?)
    case call(Expression, arguments: Arguments)
    case filter(Expression, name: String, arguments: Arguments)
    case test(Expression, name: String, arguments: Arguments, negated: Bool)
    case unary(String, Expression)
    case binary(String, Expression, Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case not(Expression)
    case comparison(Expression, [(op: String, operand: Expression)])
    case conditional(condition: Expression, then: Expression, otherwise: Expression?)
}

/// Positional and keyword arguments of a call, filter or test.
struct Arguments {
    var positional: [Expression] = []
    var keyword: [(name: String, value: Expression)] = []
}

/// What `{% set %}` and `{% for %}` assign to.
enum AssignmentTarget {
    case names([String])
    case attribute(object: String, name: String)
}

/// A statement or piece of output, with the source line it starts on.
indirect enum TemplateNode {
    case text(String)
    case output(Expression, line: Int)
    case branches([(condition: Expression, body: [TemplateNode])], otherwise: [TemplateNode], line: Int)
    case loop(targets: [String], iterable: Expression, filter: Expression?, body: [TemplateNode], otherwise: [TemplateNode], line: Int)
    case assign(AssignmentTarget, Expression, line: Int)
    case assignBlock(String, body: [TemplateNode], line: Int)
    case macro(name: String, parameters: [(name: String, defaultValue: Expression?)], body: [TemplateNode])
    case breakLoop(line: Int)
    case continueLoop(line: Int)
    /// `{% generation %}`: Hugging Face's marker around assistant text; renders its body.
    case generation([TemplateNode])
}
