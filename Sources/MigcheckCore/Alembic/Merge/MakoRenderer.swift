import Foundation

/// Renders a ``MakoTemplate`` with Alembic's template arguments, as `Template.render_unicode` would.
struct MakoRenderer {
    let template: MakoTemplate
    var evaluator: TemplateEvaluator

    /// Creates a renderer; `arguments` are the keyword arguments Alembic passes to `render()`.
    init(template: MakoTemplate, arguments: [String: TemplateValue], config: TemplateConfig) {
        self.template = template
        evaluator = TemplateEvaluator(context: arguments, config: config)
    }

    /// Renders the whole template.
    mutating func render() throws(MakoTemplateError) -> String {
        // `<%! %>` blocks run once at module level, before anything renders.
        try runModuleBlocks(template.nodes)
        var out = ""
        try render(template.nodes, into: &out)
        return out
    }

    private func failure(_ line: Int?, _ message: String) -> MakoTemplateError {
        MakoTemplateError(path: template.path, line: line, message: message)
    }

    private mutating func runModuleBlocks(_ nodes: [MakoTemplate.Node]) throws(MakoTemplateError) {
        for node in nodes {
            switch node {
            case .code(let source, true, let line):
                for (offset, statement) in Self.statements(source) {
                    let words = statement.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                    guard words.first == "import", words.count >= 2 else {
                        throw failure(
                            line + offset, "unsupported statement in <%! %> block: '\(statement)' (only 'import MODULE' is supported)")
                    }
                    let rest = words.dropFirst().joined(separator: " ")
                    for item in rest.split(separator: ",") {
                        let parts = item.split(separator: " ").map(String.init)
                        let module = parts[0]
                        let alias = parts.count == 3 && parts[1] == "as" ? parts[2] : String(module.split(separator: ".")[0])
                        evaluator.modules[alias] = .module(module)
                    }
                }
            case .forLoop(_, _, let body, _): try runModuleBlocks(body)
            case .conditional(let branches, let otherwise):
                for branch in branches { try runModuleBlocks(branch.body) }
                if let otherwise { try runModuleBlocks(otherwise) }
            default: break
            }
        }
    }

    /// Non-empty, non-comment lines of a dedented code block, with their line offsets.
    static func statements(_ source: String) -> [(Int, String)] {
        source.components(separatedBy: "\n").enumerated().compactMap { offset, raw in
            let text = raw.trimmingCharacters(in: .whitespaces)
            return text.isEmpty || text.hasPrefix("#") ? nil : (offset, text)
        }
    }

    private func evaluate(_ source: String, line: Int) throws(MakoTemplateError) -> TemplateValue {
        do {
            return try evaluator.evaluate(try TemplateExpression.parse(source))
        } catch {
            throw failure(line, "in '\(source.trimmingCharacters(in: .whitespaces))': \(error.message)")
        }
    }

    private mutating func render(_ nodes: [MakoTemplate.Node], into out: inout String) throws(MakoTemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .expression(let source, let filters, let line):
                out += try renderExpression(source, filters: filters, line: line)
            case .code(_, true, _):
                continue
            case .code(let source, false, let line):
                for (offset, statement) in Self.statements(source) {
                    guard let eq = Self.assignment(statement) else {
                        throw failure(
                            line + offset, "unsupported statement in <% %> block: '\(statement)' (only 'name = expression' is supported)")
                    }
                    evaluator.locals[eq.name] = try evaluate(eq.expression, line: line + offset)
                }
            case .forLoop(let targets, let iterable, let body, let line):
                let value = try evaluate(iterable, line: line)
                let items: [TemplateValue]
                switch value {
                case .tuple(let v), .list(let v): items = v
                case .string(let text): items = text.map { .string(String($0)) }
                default:
                    throw failure(
                        line,
                        "'\(value.typeName)' object is not iterable (in '% for ... in \(iterable.trimmingCharacters(in: .whitespaces))')")
                }
                for item in items {
                    if targets.count == 1 {
                        evaluator.locals[targets[0]] = item
                    } else {
                        guard case .tuple(let parts) = item, parts.count == targets.count else {
                            throw failure(line, "cannot unpack \(item.typeName) into \(targets.count) names")
                        }
                        for (name, part) in zip(targets, parts) { evaluator.locals[name] = part }
                    }
                    try render(body, into: &out)
                }
            case .conditional(let branches, let otherwise):
                var taken = false
                for branch in branches where try evaluate(branch.condition, line: branch.line).isTruthy {
                    try render(branch.body, into: &out)
                    taken = true
                    break
                }
                if !taken, let otherwise { try render(otherwise, into: &out) }
            }
        }
    }

    /// `name = expr` → (name, expr), rejecting `==` and augmented assignment.
    static func assignment(_ statement: String) -> (name: String, expression: String)? {
        guard let match = statement.range(of: #"^[A-Za-z_][A-Za-z0-9_]*\s*=(?!=)"#, options: .regularExpression) else { return nil }
        let name = statement[match].dropLast().trimmingCharacters(in: .whitespaces)
        return (name, String(statement[match.upperBound...]))
    }

    /// Applies Mako's filter chain: the default `str` unless `n` is given, then each filter in order.
    private func renderExpression(_ source: String, filters: [String], line: Int) throws(MakoTemplateError) -> String {
        for filter in filters where !["n", "str", "unicode", "trim", "h"].contains(filter) {
            guard filter.range(of: #"^[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) != nil,
                !["x", "u", "entity"].contains(filter)
            else {
                throw failure(line, "unsupported Mako filter '\(filter)' in '${\(source) | \(filters.joined(separator: ","))}'")
            }
        }
        var value = try evaluate(source, line: line)
        let chain = filters.contains("n") ? filters : ["str"] + filters
        for filter in chain where filter != "n" {
            switch filter {
            case "str", "unicode":
                guard let text = value.pythonStr else {
                    throw failure(line, "in '${\(source)}': \(TemplateEvaluator.renderFailure(value))")
                }
                value = .string(text)
            case "trim":
                guard case .string(let text) = value else { throw failure(line, "the trim filter needs a string, got \(value.typeName)") }
                value = .string(text.trimmingCharacters(in: .whitespacesAndNewlines))
            case "h":
                guard case .string(let text) = value else { throw failure(line, "the h filter needs a string, got \(value.typeName)") }
                value = .string(
                    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&#34;").replacingOccurrences(
                            of: "'", with: "&#39;"))
            default:
                let function = evaluator.lookup(filter)
                guard case .function = function else {
                    throw failure(line, "filter '\(filter)' is not a function this template is given (\(function.typeName))")
                }
                do {
                    value = try evaluator.evaluate(.call(.literal(function), [.literal(value)], []))
                } catch {
                    throw failure(line, "in filter '\(filter)': \(error.message)")
                }
            }
        }
        guard case .string(let text) = value else {
            if case .undefined = value { throw failure(line, "in '${\(source)}': \(TemplateEvaluator.renderFailure(value))") }
            throw failure(
                line,
                "'${\(source) | \(filters.joined(separator: ","))}' produces a \(value.typeName), not text (Mako fails with TypeError)")
        }
        return text
    }
}
