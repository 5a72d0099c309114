import Foundation

extension RevisionFileParser {
    /// Splits a logical line into statements at top-level semicolons.
    static func splitStatements(_ tokens: [PyToken]) -> [ArraySlice<PyToken>] {
        var result: [ArraySlice<PyToken>] = []
        var depth = 0
        var start = 0
        for (i, token) in tokens.enumerated() where token.kind == .op {
            switch token.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ";" where depth == 0:
                result.append(tokens[start..<i])
                start = i + 1
            default: break
            }
        }
        result.append(tokens[start..<tokens.count])
        return result.map { $0 }
    }

    static func topLevelColon(_ tokens: ArraySlice<PyToken>) -> Int? {
        var depth = 0
        for i in tokens.indices where tokens[i].kind == .op {
            switch tokens[i].text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ":" where depth == 0: return i
            default: break
            }
        }
        return nil
    }

    static func isStringStatement(_ tokens: ArraySlice<PyToken>) -> Bool {
        tokens.allSatisfy { if case .string = $0.kind { return true } else { return false } }
    }

    /// Splits `a = b = value` / `a: T = value` into the names bound and the value tokens. Only
    /// plain names (alone, annotated, or in a tuple or list pattern) are bound: `obj.revision = …`
    /// and `d[revision] = …` bind no module variable. `nil` when the statement is no assignment.
    /// A name in a tuple or list pattern is not `plain`: its value is one item of the value.
    static func splitAssignment(_ tokens: ArraySlice<PyToken>) -> ([(name: String, plain: Bool)], ArraySlice<PyToken>)? {
        var depth = 0
        var cuts: [Int] = []
        for i in tokens.indices where tokens[i].kind == .op {
            switch tokens[i].text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "=" where depth == 0: cuts.append(i)
            default: break
            }
        }
        guard !cuts.isEmpty else { return nil }
        var targets: [(name: String, plain: Bool)] = []
        var start = tokens.startIndex
        var valueStart: Int?
        // Targets are the leading segments that are patterns; the first one that is not (the `=`
        // of a lambda's default, say) starts the value.
        for cut in cuts {
            let target = tokens[start..<cut]
            guard let names = boundNames(target, annotated: start == tokens.startIndex) else { break }
            let plain = names.count == 1 && (withoutGroupingParentheses(target).count <= 1 || isAnnotated(target))
            targets.append(contentsOf: names.map { ($0, plain) })
            valueStart = cut + 1
            start = cut + 1
        }
        guard let valueStart else { return nil }
        return (targets, tokens[valueStart...])
    }

    private static func isAnnotated(_ target: ArraySlice<PyToken>) -> Bool {
        target.count > 1 && target[target.startIndex + 1].kind == .op && target[target.startIndex + 1].text == ":"
    }

    /// The names an assignment target binds, or `nil` when `target` is no plain-name pattern.
    private static func boundNames(_ written: ArraySlice<PyToken>, annotated: Bool) -> [String]? {
        // `(revision) = …` binds `revision` as plainly as `revision = …` (found by the fuzz test).
        let target = annotated ? written : withoutGroupingParentheses(written)
        guard let first = target.first else { return nil }
        if first.kind == .name, !keywords.contains(first.text),
            target.count == 1
                || (annotated && target[target.startIndex + 1].kind == .op && target[target.startIndex + 1].text == ":")
        {
            return [first.text]
        }
        var names: [String] = []
        var previous: PyToken?
        for token in target {
            defer { previous = token }
            switch token.kind {
            case .name where !keywords.contains(token.text): names.append(token.text)
            case .op where token.text == "(" || token.text == "[":
                // Grouping only: after a name or a closing bracket it is a call or a subscript.
                if let previous, previous.kind == .name || previous.text == ")" || previous.text == "]" { return nil }
            case .op where [",", ")", "]", "*"].contains(token.text): continue
            default: return nil
            }
        }
        return names
    }

    /// Python's hard keywords: never an assignment target.
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Evaluates a literal: None, strings (adjacent ones concatenated), or a flat tuple/list of strings.
    static func literal(_ written: ArraySlice<PyToken>) -> Value? {
        let tokens = withoutGroupingParentheses(written)
        var items = Array(tokens)
        guard !items.isEmpty else { return nil }
        if items.count == 1, items[0].kind == .name, items[0].text == "None" { return Value.none }
        var bracketed = false
        if let first = items.first, first.kind == .op, first.text == "(" || first.text == "[",
            let last = items.last, last.kind == .op, last.text == (first.text == "(" ? ")" : "]")
        {
            items = Array(items.dropFirst().dropLast())
            bracketed = true
        }
        var elements: [String] = []
        var current: String?
        var sawComma = false
        for token in items {
            switch token.kind {
            case .string(let value?):
                current = (current ?? "") + value
            case .op where token.text == ",":
                guard let value = current else { return nil }
                elements.append(value)
                current = nil
                sawComma = true
            default:
                return nil
            }
        }
        if let value = current { elements.append(value) }
        if !bracketed && !sawComma {
            return elements.count == 1 ? .string(elements[0]) : nil
        }
        if bracketed && !sawComma && tokens.first?.text == "(" {
            // A parenthesised expression, not a tuple: `("abc")` is a string, `()` an empty tuple.
            if elements.count == 1 { return .string(elements[0]) }
            return .sequence([])
        }
        return .sequence(elements)
    }

    /// `tokens` without parentheses that only group the whole expression: `(('x'))` is `'x'`,
    /// `(('x',))` is `('x',)` (found by the fuzz test: Python reads them as literals). One pass
    /// (thousands of nested parentheses were quadratic, also found by the fuzz test).
    static func withoutGroupingParentheses(_ tokens: ArraySlice<PyToken>) -> ArraySlice<PyToken> {
        guard tokens.count > 2, tokens.first?.text == "(", tokens.last?.text == ")" else { return tokens }
        // For each opening bracket: where it closes, and whether a comma sits directly inside.
        var closes: [Int: Int] = [:]
        var hasComma: Set<Int> = []
        var stack: [Int] = []
        for i in tokens.indices where tokens[i].kind == .op {
            switch tokens[i].text {
            case "(", "[", "{": stack.append(i)
            case ")", "]", "}":
                guard let open = stack.popLast() else { return tokens }
                closes[open] = i
            case ",": if let open = stack.last { hasComma.insert(open) }
            default: break
            }
        }
        var slice = tokens
        while slice.count > 2, let first = slice.first, first.kind == .op, first.text == "(",
            closes[slice.startIndex] == slice.endIndex - 1, !hasComma.contains(slice.startIndex)
        {
            slice = slice.dropFirst().dropLast()
        }
        return slice
    }
}
