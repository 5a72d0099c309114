import Foundation

/// Reads a revision file's module-level variables, docstring and function bodies without running it.
public enum RevisionFileParser {
    /// The variables Alembic reads from a revision module.
    static let variables: Set<String> = ["revision", "down_revision", "branch_labels", "depends_on"]

    /// A literal value of one of the four variables.
    enum Value: Equatable {
        case none
        case string(String)
        case sequence([String])
    }

    /// Parses `data` as the revision file at `path`.
    public static func parse(path: String, data: Data) -> RevisionFile {
        var file = RevisionFile(path: path)
        var lexer = PythonLexer(Array(data))
        let lexed: (lines: [PyLogicalLine], comments: [PyComment])
        do {
            lexed = try lexer.lex()
        } catch let error as PyLexError {
            file.problem = RevisionFileProblem(message: error.message, line: error.line)
            return file
        } catch {
            file.problem = RevisionFileProblem(message: "\(error)", line: nil)
            return file
        }
        file.markedIrreversible = lexed.comments.contains { comment in
            let text = comment.text.trimmingCharacters(in: .whitespaces).lowercased()
            return text.hasPrefix("migcheck:")
                && text.dropFirst("migcheck:".count).trimmingCharacters(in: .whitespaces).hasPrefix("irreversible")
        }

        var values: [String: Value] = [:]
        var sawStatement = false
        var index = 0
        let lines = lexed.lines
        while index < lines.count {
            let logical = lines[index]
            index += 1
            guard logical.indent == 0 else { continue }
            let statements = splitStatements(logical.tokens)
            for (position, statement) in statements.enumerated() where !statement.isEmpty {
                defer { sawStatement = true }
                let first = statement[statement.startIndex]
                if first.kind == .name, first.text == "def" || (first.text == "async" && statement[safe: 1]?.text == "def") {
                    let nameToken = first.text == "def" ? statement[safe: 1] : statement[safe: 2]
                    guard let name = nameToken?.text else { continue }
                    var body: [BodyStatement] = []
                    if let colon = topLevelColon(statement), colon + 1 < statement.endIndex {
                        body.append(BodyStatement(indent: 1, summary: summarize(statement[(colon + 1)...])))
                        // `def f(): a; b` — every later statement on the line is in the body too.
                        body.append(
                            contentsOf: statements[(position + 1)...].filter { !$0.isEmpty }.map {
                                BodyStatement(indent: 1, summary: summarize($0))
                            })
                    }
                    while index < lines.count, lines[index].indent > 0 {
                        let indent = lines[index].indent
                        body.append(
                            contentsOf: lines[index].statements.filter { $0.tokenCount > 0 }.map {
                                BodyStatement(indent: indent, summary: $0)
                            })
                        index += 1
                    }
                    file.define(ModuleFunction(name: name, body: classify(body), line: first.line))
                    break
                }
                if isStringStatement(statement) {
                    let text = statement.compactMap { token -> String? in
                        if case .string(let value) = token.kind { return value }
                        return nil
                    }.joined()
                    if !sawStatement { file.docstring = text }
                    if file.headerLine == nil {
                        file.headerLine = first.line
                        file.headerRevisionID = headerValue(text, key: "Revision ID:")
                        file.headerRevises = headerValue(text, key: "Revises:").map(normalizeRevises)
                    }
                    continue
                }
                guard let (targets, valueTokens) = splitAssignment(statement) else { continue }
                for target in targets where variables.contains(target) {
                    if let variable = RevisionVariable(rawValue: target) { file.lines[variable] = first.line }
                    if let value = literal(valueTokens) {
                        values[target] = value
                        file.nonLiterals.removeAll { $0.variable == target }
                    } else {
                        values[target] = nil
                        file.nonLiterals.removeAll { $0.variable == target }
                        file.nonLiterals.append(NonLiteralValue(variable: target, expression: render(valueTokens), line: first.line))
                    }
                }
            }
        }

        if let revision = values["revision"] {
            switch revision {
            case .string(let id): file.revision = id
            case .none, .sequence:
                file.nonLiterals.append(
                    NonLiteralValue(variable: "revision", expression: describe(revision), line: file.lines[.revision] ?? 1))
            }
        } else if file.lines[.revision] == nil {
            let name = RelativePath.name(of: path)
            if name.hasSuffix(".py"), name.dropLast(3).allSatisfy({ $0.isHexDigit && !$0.isUppercase }), name.count > 3 {
                file.revision = String(name.dropLast(3))
                file.revisionFromFileName = true
            }
        }
        file.downRevisions = tuple(values["down_revision"])
        file.branchLabels = tuple(values["branch_labels"])
        file.dependsOn = tuple(values["depends_on"])
        if file.revision != nil, file.lines[.downRevision] == nil, file.problem == nil {
            // Alembic reads `module.down_revision` for every script: without it the whole
            // directory fails to load (AttributeError), so the file is as unreadable as a syntax error.
            file.problem = RevisionFileProblem(
                message:
                    "no `down_revision` variable; Alembic cannot load this file (AttributeError); "
                    + "a base revision has `down_revision = None`",
                line: nil)
        }
        return file
    }

    private static func tuple(_ value: Value?) -> [String] {
        switch value {
        case .none?, nil: return []
        case .string(let s)?: return [s]
        case .sequence(let items)?: return items
        }
    }

    private static func describe(_ value: Value) -> String {
        switch value {
        case .none: return "None"
        case .string(let s): return "'\(s)'"
        case .sequence(let items): return "(" + items.map { "'\($0)'" }.joined(separator: ", ") + ")"
        }
    }

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

    private static func topLevelColon(_ tokens: ArraySlice<PyToken>) -> Int? {
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

    private static func isStringStatement(_ tokens: ArraySlice<PyToken>) -> Bool {
        tokens.allSatisfy { if case .string = $0.kind { return true } else { return false } }
    }

    /// Splits `a = b = value` / `a: T = value` into targets and value tokens.
    private static func splitAssignment(_ tokens: ArraySlice<PyToken>) -> ([String], ArraySlice<PyToken>)? {
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
        guard let last = cuts.last else { return nil }
        var targets: [String] = []
        var start = tokens.startIndex
        for cut in cuts {
            let target = tokens[start..<cut]
            if let name = target.first, name.kind == .name {
                // `name` or `name: annotation`
                if target.count == 1 || (target.count > 1 && target[target.startIndex + 1].text == ":") {
                    targets.append(name.text)
                } else {
                    // Tuple targets such as `revision, down_revision = ...` are not literals we follow.
                    for token in target where token.kind == .name && variables.contains(token.text) {
                        targets.append(token.text)
                    }
                }
            }
            start = cut + 1
        }
        return (targets, tokens[(last + 1)...])
    }

    /// Evaluates a literal: None, strings (adjacent ones concatenated), or a flat tuple/list of strings.
    static func literal(_ tokens: ArraySlice<PyToken>) -> Value? {
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

    /// Summarises a statement given as tokens (a one-line `def f(): ...` body).
    private static func summarize(_ tokens: ArraySlice<PyToken>) -> PyStatementSummary {
        var summary = PyStatementSummary()
        for token in tokens { summary.add(token) }
        return summary
    }

    /// Re-renders tokens for messages.
    static func render(_ tokens: ArraySlice<PyToken>) -> String {
        var out = ""
        var previous: PyToken?
        for token in tokens {
            if let previous, needsSpace(previous, token) { out += " " }
            switch token.kind {
            case .string(let value?): out += "'\(value)'"
            case .string(nil): out += "<f-string or bytes>"
            default: out += token.text
            }
            previous = token
        }
        return out
    }

    private static func needsSpace(_ a: PyToken, _ b: PyToken) -> Bool {
        if b.kind == .op, [",", ")", "]", "}", ".", "(", "[", ":"].contains(b.text) { return false }
        if a.kind == .op, ["(", "[", "{", "."].contains(a.text) { return false }
        return true
    }
}
