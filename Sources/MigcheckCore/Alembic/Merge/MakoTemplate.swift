import Foundation

/// A parsed `script.py.mako`, limited to the part of Mako that Alembic templates use.
///
/// The lexer follows `mako/lexer.py`: `${expr | filters}`, `% for`/`% if` control lines (consumed
/// with their newline), `## comments`, `<%doc>`, `<% %>` and `<%! %>` blocks, `%%` escapes,
/// backslash line continuation and a leading `# coding:` line. Anything else (`<%def>`,
/// `<%text>`, `<%include>`, other control keywords...) is rejected with its line.
struct MakoTemplate: Sendable {
    /// One piece of the template.
    indirect enum Node: Sendable {
        case text(String)
        case expression(source: String, filters: [String], line: Int)
        /// `<% %>` (`module == false`) or `<%! %>` Python code.
        case code(source: String, module: Bool, line: Int)
        case forLoop(targets: [String], iterable: String, body: [Node], line: Int)
        /// `% if` with its `% elif` branches and optional `% else`.
        case conditional(branches: [(condition: String, line: Int, body: [Node])], otherwise: [Node]?)
    }

    /// The template's path, for messages.
    var path: String
    /// The top-level nodes.
    var nodes: [Node]

    /// Parses `text` (the template's contents).
    init(path: String, text: String) throws(MakoTemplateError) {
        self.path = path
        var lexer = MakoLexer(path: path, text: text)
        let flat = try lexer.lex()
        var index = 0
        nodes = try Self.build(flat, &index, path: path, closing: nil)
    }

    /// Nests control lines into loops and conditionals.
    private static func build(_ flat: [MakoLexer.Token], _ index: inout Int, path: String, closing: String?) throws(MakoTemplateError)
        -> [Node]
    {
        var result: [Node] = []
        while index < flat.count {
            let token = flat[index]
            switch token {
            case .node(let node):
                result.append(node)
                index += 1
            case .control(let keyword, let text, let isEnd, let line):
                if isEnd || keyword == "elif" || keyword == "else" {
                    guard closing != nil else {
                        throw MakoTemplateError(
                            path: path, line: line, message: "'% \(text)' without a matching '% \(isEnd ? keyword : "if")'")
                    }
                    return result
                }
                index += 1
                switch keyword {
                case "for": result.append(try buildFor(text, flat, &index, path: path, line: line))
                case "if": result.append(try buildIf(text, flat, &index, path: path, line: line))
                default:
                    throw MakoTemplateError(
                        path: path, line: line,
                        message: "unsupported Mako control line '% \(text)' (migcheck supports % for, % if/elif/else)")
                }
            }
        }
        if let closing {
            throw MakoTemplateError(path: path, line: nil, message: "Unterminated control keyword: '\(closing)'")
        }
        return result
    }

    /// Builds a `% for` loop whose control line (`text`, at `line`) was just read.
    private static func buildFor(_ text: String, _ flat: [MakoLexer.Token], _ index: inout Int, path: String, line: Int)
        throws(MakoTemplateError) -> Node
    {
        guard let (targets, iterable) = parseFor(text) else {
            throw MakoTemplateError(
                path: path, line: line, message: "unsupported for statement '% \(text)' (only 'for NAME[, NAME] in EXPR:')")
        }
        let body = try build(flat, &index, path: path, closing: "for")
        try expectEnd("for", flat, &index, path: path, line: line)
        return .forLoop(targets: targets, iterable: iterable, body: body, line: line)
    }

    /// Builds a `% if` with its `% elif` and `% else` branches; its control line (`text`, at
    /// `line`) was just read.
    private static func buildIf(_ text: String, _ flat: [MakoLexer.Token], _ index: inout Int, path: String, line: Int)
        throws(MakoTemplateError) -> Node
    {
        var branches: [(condition: String, line: Int, body: [Node])] = []
        var otherwise: [Node]?
        var condition = try clause(text, keyword: "if", path: path, line: line)
        var branchLine = line
        while true {
            let body = try build(flat, &index, path: path, closing: "if")
            branches.append((condition, branchLine, body))
            guard index < flat.count, case .control(let k, let t, let end, let l) = flat[index] else {
                throw MakoTemplateError(path: path, line: line, message: "Unterminated control keyword: 'if'")
            }
            if end { break }
            index += 1
            if k == "elif" {
                condition = try clause(t, keyword: "elif", path: path, line: l)
                branchLine = l
                continue
            }
            otherwise = try build(flat, &index, path: path, closing: "if")
            break
        }
        try expectEnd("if", flat, &index, path: path, line: line)
        return .conditional(branches: branches, otherwise: otherwise)
    }

    private static func expectEnd(_ keyword: String, _ flat: [MakoLexer.Token], _ index: inout Int, path: String, line: Int)
        throws(MakoTemplateError)
    {
        guard index < flat.count, case .control(let k, _, true, let l) = flat[index] else {
            throw MakoTemplateError(path: path, line: line, message: "Unterminated control keyword: '\(keyword)'")
        }
        guard k == keyword else {
            throw MakoTemplateError(path: path, line: l, message: "Keyword 'end\(k)' doesn't match keyword '\(keyword)'")
        }
        index += 1
    }

    /// The condition of `if COND:` / `elif COND:`.
    private static func clause(_ text: String, keyword: String, path: String, line: Int) throws(MakoTemplateError) -> String {
        var body = text.trimmingCharacters(in: .whitespaces)
        guard body.hasPrefix(keyword), body.hasSuffix(":") else {
            throw MakoTemplateError(path: path, line: line, message: "invalid control line '% \(text)'")
        }
        body = String(body.dropFirst(keyword.count).dropLast())
        return body.trimmingCharacters(in: .whitespaces)
    }

    /// `for a, b in EXPR:` → (["a", "b"], "EXPR").
    private static func parseFor(_ text: String) -> ([String], String)? {
        var body = text.trimmingCharacters(in: .whitespaces)
        guard body.hasPrefix("for "), body.hasSuffix(":") else { return nil }
        body = String(body.dropFirst(4).dropLast())
        guard let range = body.range(of: " in ") else { return nil }
        let targetText = body[..<range.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: " ()"))
        let targets = targetText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !targets.isEmpty, targets.allSatisfy({ t in !t.isEmpty && t.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            return nil
        }
        return (targets, String(body[range.upperBound...]))
    }
}

/// A template problem: unsupported Mako, invalid syntax, or a render-time failure.
struct MakoTemplateError: Error, CustomStringConvertible, Sendable {
    /// The template's path.
    var path: String
    /// The 1-based line, when known.
    var line: Int?
    /// What is wrong.
    var message: String

    var description: String {
        line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
}
