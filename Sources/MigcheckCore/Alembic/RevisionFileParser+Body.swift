/// One statement of a function body: its summary and the column its logical line starts at.
struct BodyStatement: Sendable {
    /// The column of the statement's line (statements on the `def` line count as 1).
    var indent: Int
    /// What the statement starts and ends with.
    var summary: PyStatementSummary
}

extension RevisionFileParser {
    /// Decides what a function body does: the one classifier behind ``FunctionBody``.
    ///
    /// - `.empty` (a no-op): only `pass`, `...`, docstrings, and conditional early returns, written
    ///   `if <condition>: return` or as an `if <condition>:` block holding only `return`/`pass`;
    ///   a bare `return` ends the body.
    /// - `.raises` (one-way by intent): after those, the first statement at the body's own level is
    ///   `raise` (any exception, with or without a message).
    /// - `.doesSomething`: anything else.
    static func classify(_ body: [BodyStatement]) -> FunctionBody {
        let statements = body.filter { !isNoOp($0.summary) }
        guard let bodyIndent = statements.first?.indent else { return .empty }
        var index = 0
        while index < statements.count {
            let statement = statements[index]
            if statement.indent == bodyIndent, isBareReturn(statement.summary) { return .empty }
            guard statement.summary.first == "if", statement.indent == bodyIndent else { break }
            if statement.summary.endsWithColonReturn {
                index += 1
                continue
            }
            guard statement.summary.endsWithColon else { break }
            var end = index + 1
            while end < statements.count, statements[end].indent > statement.indent { end += 1 }
            guard statements[(index + 1)..<end].allSatisfy({ isBareReturn($0.summary) }) else { break }
            index = end
        }
        guard index < statements.count else { return .empty }
        let next = statements[index]
        return next.indent == bodyIndent && next.summary.first == "raise" ? .raises : .doesSomething
    }

    /// `pass`, `...` or a string on its own (a docstring).
    private static func isNoOp(_ summary: PyStatementSummary) -> Bool {
        summary.onlyStrings || (summary.tokenCount == 1 && (summary.first == "pass" || summary.first == "..."))
    }

    /// `return` or `return None`.
    private static func isBareReturn(_ summary: PyStatementSummary) -> Bool {
        guard summary.first == "return" else { return false }
        return summary.tokenCount == 1 || (summary.tokenCount == 2 && summary.second == "None")
    }
}
