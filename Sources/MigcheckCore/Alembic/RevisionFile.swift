import Foundation

/// What a function such as `upgrade()` or `downgrade()` does, judged from its body.
public enum FunctionBody: String, Sendable, Codable {
    /// The function is not defined at module level.
    case absent
    /// Only `pass`, `...`, docstrings or comments.
    case empty
    /// It raises `NotImplementedError`.
    case raisesNotImplemented = "raises-not-implemented"
    /// It has statements that do something.
    case doesSomething = "does-something"
}

/// A module-level value the reader could not take as a literal.
public struct NonLiteralValue: Sendable, Hashable {
    /// The variable name.
    public var variable: String
    /// The expression as written.
    public var expression: String
    /// The 1-based line.
    public var line: Int
}

/// A problem that stops a file from being read.
public struct RevisionFileProblem: Sendable, Hashable {
    /// What is wrong.
    public var message: String
    /// The 1-based line, if known.
    public var line: Int?
}

/// One revision file, read statically.
public struct RevisionFile: Sendable {
    /// The file's tree path.
    public var path: String
    /// The revision id (`nil` when it could not be determined).
    public var revision: String?
    /// Whether the id came from the file name (legacy form) rather than a `revision` variable.
    public var revisionFromFileName = false
    /// `down_revision` as a tuple (empty for a base).
    public var downRevisions: [String] = []
    /// `branch_labels` as written.
    public var branchLabels: [String] = []
    /// `depends_on` as written (ids or branch labels).
    public var dependsOn: [String] = []
    /// The module docstring (`nil` when the first statement is not a string).
    public var docstring: String?
    /// `Revision ID:` in the header (the first string statement at module level, even after
    /// imports), as written.
    public var headerRevisionID: String?
    /// `Revises:` in the header, as a list of ids (`None` and brackets removed).
    public var headerRevises: [String]?
    /// The line of the header string.
    public var headerLine: Int?
    /// Lines of the four variables, where assigned.
    public var lines: [String: Int] = [:]
    /// Bodies of module-level functions by name (`upgrade`, `downgrade`, `upgrade_engine1`...).
    public var functions: [String: FunctionBody] = [:]
    /// Lines of module-level function definitions.
    public var functionLines: [String: Int] = [:]
    /// Whether a `# migcheck: irreversible` comment marks the revision as intentionally one-way.
    public var markedIrreversible = false
    /// Values that were not literals.
    public var nonLiterals: [NonLiteralValue] = []
    /// Set when the file could not be read at all.
    public var problem: RevisionFileProblem?

    /// Creates an empty record for `path`.
    public init(path: String) { self.path = path }

    /// The body of `upgrade()`.
    public var upgrade: FunctionBody { functions["upgrade"] ?? .absent }
    /// The body of `downgrade()`.
    public var downgrade: FunctionBody { functions["downgrade"] ?? .absent }

    /// The long docstring as Alembic shows it (`module.__doc__.strip()`).
    public var longDoc: String { (docstring ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    /// The first paragraph of the docstring: the message `alembic history` prints.
    public var doc: String {
        let long = longDoc
        guard let range = long.range(of: "\n\n") else { return long }
        return String(long[..<range.lowerBound])
    }
}
