import Foundation

extension RevisionFileParser {
    /// A block opened by a compound statement (`if …:`, `class …:`), while its body is read.
    struct Block {
        /// The column of the header line.
        var indent: Int
        /// The header's keyword (`if`, `with`, `class` …).
        var keyword: String
        /// Whether names bound in the block are not module variables (`class`, `def`).
        var isScope: Bool
    }

    /// What reading a file has found so far.
    struct Reading {
        var file: RevisionFile
        var values: [String: Value] = [:]
        var sawStatement = false
        /// The blocks enclosing the current line, outermost first (empty at module level).
        var blocks: [Block] = []

        /// Reads a module-level logical line; a `def` also takes the indented lines after it.
        mutating func readModuleLine(_ logical: PyLogicalLine, lines: [PyLogicalLine], index: inout Int) {
            let statements = splitStatements(logical.tokens)
            for statement in statements where !statement.isEmpty {
                defer { sawStatement = true }
                let first = statement[statement.startIndex]
                if first.kind == .name, first.text == "def" || (first.text == "async" && statement[safe: 1]?.text == "def") {
                    readFunction(statement, logical: logical, lines: lines, index: &index)
                    return
                }
                if let keyword = compoundKeyword(statement), let colon = topLevelColon(statement) {
                    // The rest of the line is the block's body, as are the indented lines after it.
                    let isScope = keyword == "class"
                    if !isScope {
                        for summary in PyStatementAccumulator.summaries(logical.tokens[(colon + 1)...]) {
                            if let variable = summary.binds, !summary.startsScope {
                                bindInBlock(variable, keyword: keyword, line: first.line)
                            }
                        }
                    }
                    blocks = [Block(indent: 0, keyword: keyword, isScope: isScope)]
                    return
                }
                if isStringStatement(statement) {
                    readStringStatement(statement)
                    continue
                }
                if first.kind == .name, variables.contains(first.text), let op = statement[safe: 1], op.kind == .op,
                    PyStatementSummary.augmented.contains(op.text)
                {
                    bindNonLiteral(first.text, expression: render(statement), line: first.line)
                    continue
                }
                guard let (targets, valueTokens) = splitAssignment(statement) else { continue }
                for (target, plain) in targets where variables.contains(target) {
                    if plain, let value = literal(valueTokens) {
                        if let variable = RevisionVariable(rawValue: target) { file.lines[variable] = first.line }
                        values[target] = value
                        file.nonLiterals.removeAll { $0.variable == target }
                    } else {
                        bindNonLiteral(target, expression: render(valueTokens), line: first.line)
                    }
                }
            }
        }

        /// Reads an indented line outside a function: assignments to the four variables in a
        /// module-level `if`/`for`/`while`/`with`/`try` block bind module names only when the block
        /// runs, which a static reader cannot know; inside a class they are not module names.
        mutating func readIndented(_ logical: PyLogicalLine) {
            while let last = blocks.last, last.indent >= logical.indent { blocks.removeLast() }
            if let outer = blocks.first, !blocks.contains(where: \.isScope) {
                for summary in logical.statements {
                    if let variable = summary.binds, !summary.startsScope {
                        bindInBlock(variable, keyword: outer.keyword, line: logical.line)
                    }
                }
            }
            if logical.opensBlock, let header = logical.statements.first {
                blocks.append(Block(indent: logical.indent, keyword: header.first ?? "", isScope: header.startsScope))
            }
        }

        /// Records `def name(…):` and the body after it.
        private mutating func readFunction(
            _ statement: ArraySlice<PyToken>, logical: PyLogicalLine, lines: [PyLogicalLine], index: inout Int
        ) {
            let first = statement[statement.startIndex]
            let nameToken = first.text == "def" ? statement[safe: 1] : statement[safe: 2]
            var body: [BodyStatement] = []
            if let colon = topLevelColon(statement), colon + 1 < statement.endIndex {
                // `def f(): a; b`: every later statement on the line is in the body too.
                body = PyStatementAccumulator.summaries(logical.tokens[(colon + 1)...]).filter { $0.tokenCount > 0 }.map {
                    BodyStatement(indent: 1, summary: $0)
                }
            }
            while index < lines.count, lines[index].indent > 0 {
                let indent = lines[index].indent
                body.append(
                    contentsOf: lines[index].statements.filter { $0.tokenCount > 0 }.map { BodyStatement(indent: indent, summary: $0) })
                index += 1
            }
            guard let name = nameToken?.text else { return }
            file.define(ModuleFunction(name: name, body: classify(body), line: first.line))
        }

        /// A statement of string literals: the docstring if first, and the header if it has one.
        private mutating func readStringStatement(_ statement: ArraySlice<PyToken>) {
            let text = statement.compactMap { token -> String? in
                if case .string(let value) = token.kind { return value }
                return nil
            }.joined()
            if !sawStatement { file.docstring = text }
            if file.headerLine == nil {
                file.headerLine = statement[statement.startIndex].line
                file.headerRevisionID = headerValue(text, key: "Revision ID:")
                file.headerRevises = headerValue(text, key: "Revises:").map(normalizeRevises)
            }
        }

        /// `variable` is bound to something migcheck cannot follow.
        private mutating func bindNonLiteral(_ variable: String, expression: String, line: Int) {
            if let known = RevisionVariable(rawValue: variable) { file.lines[known] = line }
            values[variable] = nil
            file.nonLiterals.removeAll { $0.variable == variable }
            file.nonLiterals.append(NonLiteralValue(variable: variable, expression: expression, line: line))
        }

        /// `variable` is assigned inside a module-level block headed by `keyword`.
        private mutating func bindInBlock(_ variable: String, keyword: String, line: Int) {
            bindNonLiteral(variable, expression: "<assigned inside a module-level `\(keyword)` block>", line: line)
        }
    }

    /// The keyword of a compound statement whose body follows its header's colon, or `nil`.
    static func compoundKeyword(_ statement: ArraySlice<PyToken>) -> String? {
        guard let first = statement.first, first.kind == .name else { return nil }
        switch first.text {
        case "if", "elif", "else", "while", "for", "with", "try", "except", "finally", "class": return first.text
        case "async":
            guard let second = statement[safe: 1], second.text == "for" || second.text == "with" else { return nil }
            return "async \(second.text)"
        case "match", "case":
            // Soft keywords: `match x:` is a statement, `match = 1` and `match.x: int = 1` are not.
            guard let second = statement[safe: 1], !(second.kind == .op && [".", "=", ":"].contains(second.text)),
                splitAssignment(statement) == nil
            else { return nil }
            return first.text
        default:
            return nil
        }
    }

    /// Python's indentation rules for logical lines: an indented line must follow a line that
    /// opens a block (else "unexpected indent"), a block must have one, and a dedent must return
    /// to an enclosing level.
    static func indentationProblem(_ lines: [PyLogicalLine]) -> RevisionFileProblem? {
        var levels = [0]
        var expectIndent = false
        for logical in lines {
            let top = levels[levels.count - 1]
            if expectIndent {
                guard logical.indent > top else { return RevisionFileProblem(message: "expected an indented block", line: logical.line) }
                levels.append(logical.indent)
            } else if logical.indent > top {
                return RevisionFileProblem(message: "unexpected indent", line: logical.line)
            } else {
                while logical.indent < levels[levels.count - 1] { levels.removeLast() }
                if logical.indent != levels[levels.count - 1] {
                    return RevisionFileProblem(message: "unindent does not match any outer indentation level", line: logical.line)
                }
            }
            expectIndent = logical.opensBlock
        }
        if expectIndent, let last = lines.last {
            return RevisionFileProblem(message: "expected an indented block at the end of the file", line: last.line)
        }
        return nil
    }
}

extension PyStatementSummary {
    /// Whether the statement starts a new scope (`class`, `def`, `async def`): what it binds is
    /// not a module name.
    var startsScope: Bool { first == "class" || first == "def" || (first == "async" && second == "def") }
}
