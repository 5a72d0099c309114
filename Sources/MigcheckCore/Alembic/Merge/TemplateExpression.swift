/// A Python expression from a Mako template, parsed into the subset migcheck evaluates.
indirect enum TemplateExpression: Sendable {
    case name(String)
    case literal(TemplateValue)
    case tuple([TemplateExpression])
    case list([TemplateExpression])
    case attribute(TemplateExpression, String)
    case call(TemplateExpression, [TemplateExpression], [(String, TemplateExpression)])
    case index(TemplateExpression, TemplateExpression)
    case not(TemplateExpression)
    case negate(TemplateExpression)
    case binary(String, TemplateExpression, TemplateExpression)
    case and(TemplateExpression, TemplateExpression)
    case or(TemplateExpression, TemplateExpression)
    case compare(String, TemplateExpression, TemplateExpression)
    case conditional(test: TemplateExpression, then: TemplateExpression, otherwise: TemplateExpression)

    /// Parses `source`; `unsupported` describes the first construct outside the subset.
    static func parse(_ source: String) throws(TemplateExpressionError) -> TemplateExpression {
        var parser = try TemplateExpressionParser(source)
        return try parser.parseAll()
    }
}

/// An expression outside migcheck's subset, or not valid Python.
struct TemplateExpressionError: Error, Sendable {
    /// What is wrong, naming the construct.
    var message: String
}

/// A recursive-descent parser for Python expressions, following Python's precedence.
struct TemplateExpressionParser {
    private var tokens: [PyToken]
    private var index = 0

    init(_ source: String) throws(TemplateExpressionError) {
        // Mako compiles an expression as `__M_writer(expr)`: inside brackets, so line breaks and
        // leading spaces are free. Bracketing it here gives the lexer one logical line at column 0
        // (it keeps full tokens only for module-level lines); the brackets are dropped again.
        var lexer = PythonLexer(Array("(\(source)\n)".utf8))
        do {
            let lines = try lexer.lex().lines
            guard lines.count == 1, lines[0].indent == 0, lines[0].tokens.count >= 2 else {
                throw TemplateExpressionError(message: "invalid Python expression '\(source)'")
            }
            tokens = Array(lines[0].tokens.dropFirst().dropLast())
        } catch {
            throw TemplateExpressionError(message: "invalid Python expression '\(source)'")
        }
    }

    private var peek: PyToken? { index < tokens.count ? tokens[index] : nil }

    private func isOp(_ text: String) -> Bool {
        guard let peek else { return false }
        return peek.kind == .op && peek.text == text
    }

    private func isKeyword(_ text: String) -> Bool {
        guard let peek else { return false }
        return peek.kind == .name && peek.text == text
    }

    private mutating func expectOp(_ text: String) throws(TemplateExpressionError) {
        guard isOp(text) else {
            throw TemplateExpressionError(message: "expected '\(text)'\(peek.map { " before '\($0.text)'" } ?? " at end of expression")")
        }
        index += 1
    }

    /// An expression list (a bare tuple when commas are present), consuming every token.
    mutating func parseAll() throws(TemplateExpressionError) -> TemplateExpression {
        let result = try parseList(closing: nil)
        if let extra = peek { throw TemplateExpressionError(message: "unsupported syntax at '\(extra.text)'") }
        return result
    }

    private mutating func parseList(closing: String?) throws(TemplateExpressionError) -> TemplateExpression {
        let first = try parseTest()
        guard isOp(",") else { return first }
        var items = [first]
        while isOp(",") {
            index += 1
            if peek == nil || (closing.map { isOp($0) } ?? false) { break }
            items.append(try parseTest())
        }
        return .tuple(items)
    }

    private mutating func parseTest() throws(TemplateExpressionError) -> TemplateExpression {
        if isKeyword("lambda") { throw TemplateExpressionError(message: "lambda expressions are not supported") }
        let body = try parseOr()
        guard isKeyword("if") else { return body }
        index += 1
        let test = try parseOr()
        guard isKeyword("else") else { throw TemplateExpressionError(message: "conditional expression without 'else'") }
        index += 1
        return .conditional(test: test, then: body, otherwise: try parseTest())
    }

    private mutating func parseOr() throws(TemplateExpressionError) -> TemplateExpression {
        var left = try parseAnd()
        while isKeyword("or") { index += 1; left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(TemplateExpressionError) -> TemplateExpression {
        var left = try parseNot()
        while isKeyword("and") { index += 1; left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(TemplateExpressionError) -> TemplateExpression {
        if isKeyword("not") { index += 1; return .not(try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(TemplateExpressionError) -> TemplateExpression {
        var left = try parseArith()
        while true {
            var op: String
            if let p = peek, p.kind == .op, ["==", "!=", "<", ">", "<=", ">="].contains(p.text) {
                op = p.text
                index += 1
            } else if isKeyword("in") {
                op = "in"; index += 1
            } else if isKeyword("not"), index + 1 < tokens.count, tokens[index + 1].text == "in" {
                op = "not in"; index += 2
            } else if isKeyword("is") {
                index += 1
                op = "is"
                if isKeyword("not") { index += 1; op = "is not" }
            } else {
                return left
            }
            left = .compare(op, left, try parseArith())
        }
    }

    private mutating func parseArith() throws(TemplateExpressionError) -> TemplateExpression {
        var left = try parseTerm()
        while let p = peek, p.kind == .op, p.text == "+" || p.text == "-" {
            index += 1
            left = .binary(p.text, left, try parseTerm())
        }
        return left
    }

    private mutating func parseTerm() throws(TemplateExpressionError) -> TemplateExpression {
        var left = try parseFactor()
        while let p = peek, p.kind == .op, ["*", "%", "/", "//", "@"].contains(p.text) {
            guard p.text == "%" || p.text == "*" else {
                throw TemplateExpressionError(message: "the '\(p.text)' operator is not supported")
            }
            index += 1
            left = .binary(p.text, left, try parseFactor())
        }
        if let p = peek, p.kind == .op, ["|", "&", "^", "<<", ">>", "**"].contains(p.text) {
            throw TemplateExpressionError(message: "the '\(p.text)' operator is not supported")
        }
        return left
    }

    private mutating func parseFactor() throws(TemplateExpressionError) -> TemplateExpression {
        if isOp("-") { index += 1; return .negate(try parseFactor()) }
        if isOp("+") { index += 1; return try parseFactor() }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(TemplateExpressionError) -> TemplateExpression {
        var value = try parseAtom()
        while true {
            if isOp(".") {
                index += 1
                guard let name = peek, name.kind == .name else { throw TemplateExpressionError(message: "expected a name after '.'") }
                index += 1
                value = .attribute(value, name.text)
            } else if isOp("(") {
                index += 1
                var args: [TemplateExpression] = []
                var keywords: [(String, TemplateExpression)] = []
                while !isOp(")") {
                    if isOp("*") || isOp("**") { throw TemplateExpressionError(message: "argument unpacking is not supported") }
                    if let t = peek, t.kind == .name, index + 1 < tokens.count, tokens[index + 1].kind == .op, tokens[index + 1].text == "="
                    {
                        index += 2
                        keywords.append((t.text, try parseTest()))
                    } else {
                        args.append(try parseTest())
                    }
                    if isKeyword("for") { throw TemplateExpressionError(message: "generator expressions are not supported") }
                    if isOp(",") { index += 1 } else { break }
                }
                try expectOp(")")
                value = .call(value, args, keywords)
            } else if isOp("[") {
                index += 1
                let key = try parseTest()
                if isOp(":") { throw TemplateExpressionError(message: "slices are not supported") }
                try expectOp("]")
                value = .index(value, key)
            } else {
                return value
            }
        }
    }

    private mutating func parseAtom() throws(TemplateExpressionError) -> TemplateExpression {
        guard let token = peek else { throw TemplateExpressionError(message: "unexpected end of expression") }
        index += 1
        switch token.kind {
        case .name:
            switch token.text {
            case "None": return .literal(.none)
            case "True": return .literal(.bool(true))
            case "False": return .literal(.bool(false))
            case "lambda", "yield", "await":
                throw TemplateExpressionError(message: "'\(token.text)' is not supported")
            default: return .name(token.text)
            }
        case .number:
            guard let n = Int(token.text) else { throw TemplateExpressionError(message: "number '\(token.text)' is not supported") }
            return .literal(.int(n))
        case .string(let value):
            guard var text = value else {
                throw TemplateExpressionError(message: "f-strings and bytes literals are not supported (\(token.text))")
            }
            while let next = peek, case .string(let more) = next.kind {
                guard let more else {
                    throw TemplateExpressionError(message: "f-strings and bytes literals are not supported (\(next.text))")
                }
                text += more
                index += 1
            }
            return .literal(.string(text))
        case .op:
            switch token.text {
            case "(":
                if isOp(")") { index += 1; return .tuple([]) }
                let inner = try parseList(closing: ")")
                if isKeyword("for") { throw TemplateExpressionError(message: "generator expressions are not supported") }
                try expectOp(")")
                return inner
            case "[":
                var items: [TemplateExpression] = []
                while !isOp("]") {
                    items.append(try parseTest())
                    if isKeyword("for") { throw TemplateExpressionError(message: "list comprehensions are not supported") }
                    if isOp(",") { index += 1 } else { break }
                }
                try expectOp("]")
                return .list(items)
            case "{":
                throw TemplateExpressionError(message: "dict and set displays are not supported")
            default:
                throw TemplateExpressionError(message: "unexpected '\(token.text)'")
            }
        }
    }
}
