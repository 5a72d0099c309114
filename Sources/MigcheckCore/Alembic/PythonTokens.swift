/// A token of Python source, as far as the revision reader needs to tell them apart.
struct PyToken: Sendable {
    /// What kind of token this is.
    enum Kind: Sendable, Equatable {
        case name
        case number
        /// A string literal; `value` is its decoded text, `nil` for f-strings and bytes.
        case string(value: String?)
        case op
    }
    var kind: Kind
    /// The source text (for names, numbers and operators) or the literal as written.
    var text: String
    /// The 1-based line the token starts on.
    var line: Int
}

/// What a statement inside a block starts with: enough to tell what a function body does.
struct PyStatementSummary: Sendable {
    /// The first token when it is a name or `...`.
    var first: String?
    /// The second token when it is a name.
    var second: String?
    /// How many tokens the statement has (counting stops at 3).
    var tokenCount = 0
    /// Whether every token is a string literal (a docstring-like statement).
    var onlyStrings = true
    /// Whether the statement ends with `: return` (`if offline: return`): the last two tokens.
    var endsWithColonReturn: Bool { penultimate == ":" && last == "return" }
    /// Whether the statement ends with `:` (a block header such as `if offline:`).
    var endsWithColon: Bool { last == ":" }
    /// The last and the one-but-last token, when they are names or operators.
    private var last: String?
    private var penultimate: String?

    /// Takes the statement's next token into account.
    mutating func add(_ token: PyToken) {
        if tokenCount == 0 {
            first = (token.kind == .name || token.text == "...") ? token.text : nil
        } else if tokenCount == 1 {
            second = token.kind == .name ? token.text : nil
        }
        penultimate = last
        last = token.kind == .name || token.kind == .op ? token.text : nil
        if tokenCount < 3 { tokenCount += 1 }
        if case .string = token.kind {} else { onlyStrings = false }
    }
}

/// A logical line: the tokens of one Python line after joining brackets and continuations.
///
/// Module-level lines (indent 0) carry every token; indented lines, which the revision reader only
/// needs to classify, carry one summary per statement instead.
struct PyLogicalLine: Sendable {
    /// Column of the first token (0 means module level).
    var indent: Int
    /// The 1-based line the logical line starts on.
    var line: Int
    /// The tokens, in order (module-level lines only).
    var tokens: [PyToken]
    /// One summary per `;`-separated statement (indented lines only).
    var statements: [PyStatementSummary] = []
}

/// A comment in the source.
struct PyComment: Sendable {
    /// The 1-based line.
    var line: Int
    /// The text after `#`.
    var text: String
}

/// Why the lexer gave up.
struct PyLexError: Error, Sendable {
    var line: Int
    var message: String
}
