import Foundation

/// What a function such as `upgrade()` or `downgrade()` does, judged from its body
/// (``RevisionFileParser/classify(_:)``: the one classifier the static `missing-downgrade` rule
/// and the round trip's `irreversible` both read).
enum FunctionBody: String, Sendable, Codable, CaseIterable {
    /// The function is not defined at module level.
    case absent
    /// A no-op: only `pass`, `...`, docstrings, comments and conditional early returns
    /// (`if context.is_offline_mode(): return`).
    case empty
    /// It only raises an exception (any exception, with or without a message, possibly after a
    /// docstring or an early return): a one-way migration by intent.
    case raises
    /// It has statements that do something.
    case doesSomething = "does-something"
}

/// The four module-level variables Alembic reads from a revision file.
enum RevisionVariable: String, Sendable, CaseIterable {
    case revision
    case downRevision = "down_revision"
    case branchLabels = "branch_labels"
    case dependsOn = "depends_on"
}

/// The 1-based line where each ``RevisionVariable`` is assigned, stored inline (thousands of
/// files are read per run; a dictionary each would cost more than the rest of the record).
struct VariableLines: Sendable, Hashable {
    private var revision: Int?
    private var downRevision: Int?
    private var branchLabels: Int?
    private var dependsOn: Int?

    /// No variable assigned.
    init() {}

    /// The line of `variable`'s last assignment, or `nil`.
    subscript(_ variable: RevisionVariable) -> Int? {
        get {
            switch variable {
            case .revision: revision
            case .downRevision: downRevision
            case .branchLabels: branchLabels
            case .dependsOn: dependsOn
            }
        }
        set {
            switch variable {
            case .revision: revision = newValue
            case .downRevision: downRevision = newValue
            case .branchLabels: branchLabels = newValue
            case .dependsOn: dependsOn = newValue
            }
        }
    }

    /// The assigned variables with their lines, in declaration order of the enum.
    var assigned: [(variable: RevisionVariable, line: Int)] {
        RevisionVariable.allCases.compactMap { variable in self[variable].map { (variable, $0) } }
    }
}

/// A function defined at module level (`upgrade`, `downgrade`, `upgrade_engine1`...).
struct ModuleFunction: Sendable, Hashable {
    /// Its name.
    var name: String
    /// What its body does.
    var body: FunctionBody
    /// The 1-based line of its `def`.
    var line: Int

    /// Creates a record.
    init(name: String, body: FunctionBody, line: Int) {
        self.name = name
        self.body = body
        self.line = line
    }
}

/// A module-level value the reader could not take as a literal.
struct NonLiteralValue: Sendable, Hashable {
    /// The variable name.
    var variable: String
    /// The expression as written.
    var expression: String
    /// The 1-based line.
    var line: Int
}

/// A problem that stops a file from being read.
struct RevisionFileProblem: Sendable, Hashable {
    /// What is wrong.
    var message: String
    /// The 1-based line, if known.
    var line: Int?
}

/// One revision file, read statically.
struct RevisionFile: Sendable {
    /// The file's tree path.
    var path: String
    /// The revision id (`nil` when it could not be determined).
    var revision: String?
    /// Whether the id came from the file name (legacy form) rather than a `revision` variable.
    var revisionFromFileName = false
    /// `down_revision` as a tuple (empty for a base).
    var downRevisions: [String] = []
    /// `branch_labels` as written.
    var branchLabels: [String] = []
    /// `depends_on` as written (ids or branch labels).
    var dependsOn: [String] = []
    /// The module docstring (`nil` when the first statement is not a string).
    var docstring: String?
    /// `Revision ID:` in the header (the first string statement at module level, even after
    /// imports), as written.
    var headerRevisionID: String?
    /// `Revises:` in the header, as a list of ids (`None` and brackets removed).
    var headerRevises: [String]?
    /// The line of the header string.
    var headerLine: Int?
    /// Lines of the four variables, where assigned.
    var lines = VariableLines()
    /// Module-level functions in definition order; a redefinition replaces the earlier one, as in
    /// Python.
    var functions: [ModuleFunction] = []
    /// Whether a `# migcheck: irreversible` comment marks the revision as intentionally one-way.
    var markedIrreversible = false
    /// Values that were not literals.
    var nonLiterals: [NonLiteralValue] = []
    /// Set when the file could not be read at all.
    var problem: RevisionFileProblem?

    /// Creates an empty record for `path`.
    init(path: String) { self.path = path }

    /// The function called `name`, if defined at module level.
    func function(_ name: String) -> ModuleFunction? { functions.first { $0.name == name } }

    /// The body of function `name` (`.absent` when it is not defined).
    func body(of name: String) -> FunctionBody { function(name)?.body ?? .absent }

    /// Records a module-level `def`, replacing an earlier definition of the same name.
    mutating func define(_ function: ModuleFunction) {
        if let index = functions.firstIndex(where: { $0.name == function.name }) {
            functions[index] = function
        } else {
            functions.append(function)
        }
    }

    /// The body of `upgrade()`.
    var upgrade: FunctionBody { body(of: "upgrade") }
    /// The body of `downgrade()`.
    var downgrade: FunctionBody { body(of: "downgrade") }

    /// The long docstring as Alembic shows it (`module.__doc__.strip()`).
    ///
    /// ASCII whitespace is trimmed on the UTF-8 bytes (`history` asks for every revision's
    /// message); Foundation trims when a non-ASCII character is at either end.
    var longDoc: String { Self.longDoc(docstring) }

    /// ``longDoc`` of a docstring (a static function, so that a caller holding the file in an
    /// array reads one field instead of copying the whole record).
    static func longDoc(_ docstring: String?) -> String {
        guard let docstring else { return "" }
        let bytes = docstring.utf8
        var start = bytes.startIndex, end = bytes.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        guard start == end || (bytes[start] < 0x80 && bytes[bytes.index(before: end)] < 0x80) else {
            return docstring.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The first paragraph of the docstring: the message `alembic history` prints (Alembic
    /// splits at the first `"\n\n"` of the code points, found here on the UTF-8 bytes).
    var doc: String { Self.doc(docstring) }

    /// ``doc`` of a docstring (see ``longDoc(_:)``).
    static func doc(_ docstring: String?) -> String {
        let long = longDoc(docstring)
        let bytes = long.utf8
        var previous: UInt8 = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == 0x0A && previous == 0x0A {
                return String(decoding: bytes[..<bytes.index(before: index)], as: UTF8.self)
            }
            previous = byte
        }
        return long
    }
}
