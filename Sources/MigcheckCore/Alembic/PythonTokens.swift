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

/// What a statement inside a block starts with: enough to tell what a function body does, and
/// whether it binds one of the variables Alembic reads.
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
    /// One of `revision`, `down_revision`, `branch_labels`, `depends_on` when the statement assigns
    /// it as a plain name (`revision = …`, `x = revision = …`, `if c: revision = …`, `revision += …`,
    /// `revision: str = …`), outside brackets and not in a lambda's parameters.
    var binds: String?
    /// Whether the next token is where an assignment target may start.
    private var targetPosition = true
    /// A variable name just read in target position.
    private var pendingVariable: String?
    private var sawLambda = false
    /// Whether a `:` outside brackets has been read (only a compound statement's first one
    /// starts its body; another is an annotation: `x: revision = …` binds `x`).
    private var sawColon = false
    /// Parentheses opened in target position: `((revision)) = …` binds `revision`.
    private var groupParens = 0

    /// Takes the statement's next token into account; `nested` when it is inside brackets.
    mutating func add(_ token: PyToken, nested: Bool = false) {
        if tokenCount == 0 {
            first = (token.kind == .name || token.text == "...") ? token.text : nil
        } else if tokenCount == 1 {
            second = token.kind == .name ? token.text : nil
        }
        penultimate = last
        last = token.kind == .name || token.kind == .op ? token.text : nil
        if tokenCount < 3 { tokenCount += 1 }
        if case .string = token.kind {} else { onlyStrings = false }
        trackBinding(token, nested: nested)
    }

    private mutating func trackBinding(_ token: PyToken, nested: Bool) {
        if token.kind == .op, groupParens > 0 || targetPosition {
            // Grouping parentheses around a target (found by the fuzz test).
            if token.text == "(", targetPosition {
                groupParens += 1
                return
            }
            if token.text == ")", groupParens > 0, pendingVariable != nil {
                groupParens -= 1
                return
            }
        }
        let grouped = groupParens > 0
        if token.kind != .name { groupParens = 0 }
        let nested = nested && !grouped
        defer { if nested { targetPosition = false } }
        switch token.kind {
        case .name:
            if token.text == "lambda" { sawLambda = true }
            pendingVariable =
                targetPosition && !sawLambda && !nested && RevisionFileParser.variables.contains(token.text) ? token.text : nil
            targetPosition = false
        case .op:
            if let variable = pendingVariable, !nested, groupParens == 0,
                token.text == "=" || (token.text == ":" && tokenCount == 2) || Self.augmented.contains(token.text)
            {
                binds = variable
            }
            pendingVariable = nil
            let headerColon = token.text == ":" && !sawColon && Self.compoundKeywords.contains(first ?? "")
            if token.text == ":", !nested { sawColon = true }
            targetPosition = !nested && (headerColon || token.text == "=" || token.text == ",")
        default:
            pendingVariable = nil
            targetPosition = false
        }
    }

    /// Keywords of statements whose body may follow their colon on the same line.
    static let compoundKeywords: Set<String> = [
        "if", "elif", "else", "while", "for", "with", "try", "except", "finally", "class", "def", "async", "match", "case",
    ]

    /// Augmented assignment operators (`+=` …), which rebind the name too.
    static let augmented: Set<String> = ["+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", "<<=", ">>="]
}

/// Summarises a stream of tokens statement by statement (split at `;` outside brackets): the
/// lexer's indented lines and the reader's one-line function bodies.
struct PyStatementAccumulator: Sendable {
    private var statements: [PyStatementSummary] = []
    private var current = PyStatementSummary()
    private var depth = 0

    /// Adds the next token.
    mutating func add(_ token: PyToken) {
        if token.kind == .op {
            switch token.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ";" where depth == 0:
                statements.append(current)
                current = PyStatementSummary()
                return
            default: break
            }
        }
        current.add(token, nested: depth > 0)
    }

    /// The summaries so far (the last one may be empty), and a fresh start.
    mutating func finish() -> [PyStatementSummary] {
        statements.append(current)
        defer {
            statements = []
            current = PyStatementSummary()
            depth = 0
        }
        return statements
    }

    /// The summaries of `tokens`.
    static func summaries(_ tokens: ArraySlice<PyToken>) -> [PyStatementSummary] {
        var accumulator = PyStatementAccumulator()
        for token in tokens { accumulator.add(token) }
        return accumulator.finish()
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
    /// Whether the line ends with a `:` outside brackets: it opens an indented block.
    var opensBlock = false
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
    /// The 1-based line, `nil` when the problem is the whole file (its encoding).
    var line: Int?
    var message: String
}
