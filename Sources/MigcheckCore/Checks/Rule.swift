/// How serious a finding is.
enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case warning
    case error

    static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// Every rule migcheck reports, with a stable name used in output, configuration and SARIF.
enum Rule: String, Sendable, Codable, CaseIterable {
    // Static rules.
    case multipleHeads = "multiple-heads"
    case missingParent = "missing-parent"
    case duplicateRevision = "duplicate-revision"
    case duplicateBranchLabel = "duplicate-branch-label"
    case cycle
    case invalidRevisionID = "invalid-revision-id"
    case parseError = "parse-error"
    case nonLiteralValue = "non-literal-value"
    case missingDowngrade = "missing-downgrade"
    case headerMismatch = "header-mismatch"
    case strayFile = "stray-file"
    // Git rules.
    case editedMigration = "edited-migration"
    case deletedMigration = "deleted-migration"
    case movedMigration = "moved-migration"
    case divergedFromBase = "diverged-from-base"
    // Round-trip rules.
    case revisionImportFailed = "revision-import-failed"
    case upgradeFailed = "upgrade-failed"
    case downgradeFailed = "downgrade-failed"
    case downgradeMismatch = "downgrade-mismatch"
    case reupgradeFailed = "reupgrade-failed"
    case reupgradeMismatch = "reupgrade-mismatch"
    case irreversible
    case modelDrift = "model-drift"
    case columnOrder = "column-order"
    case dataNotRestored = "data-not-restored"

    /// The severity a rule has unless configured otherwise.
    var defaultSeverity: Severity {
        switch self {
        case .headerMismatch, .irreversible, .columnOrder, .dataNotRestored: return .warning
        default: return .error
        }
    }

    /// One line saying what the rule catches.
    var summary: String {
        switch self {
        case .multipleHeads: return "The revision graph has more than one head."
        case .missingParent: return "A down_revision or depends_on names a revision that does not exist."
        case .duplicateRevision: return "Two files declare the same revision id."
        case .duplicateBranchLabel: return "A branch label is used twice, or collides with a revision id."
        case .cycle: return "The revisions form a cycle."
        case .invalidRevisionID: return "A revision id contains @ - + : or is longer than 32 characters."
        case .parseError: return "A revision file cannot be read as Python."
        case .nonLiteralValue: return "revision, down_revision, branch_labels or depends_on is not a literal."
        case .missingDowngrade: return "upgrade() does something but downgrade() is missing or does nothing."
        case .headerMismatch: return "The docstring's Revision ID / Revises lines disagree with the variables."
        case .strayFile: return "A .py file in a versions directory that Alembic would refuse to load."
        case .editedMigration: return "A migration that is already on the base branch was edited."
        case .deletedMigration: return "A migration that is already on the base branch was deleted."
        case .movedMigration: return "A migration that is already on the base branch was moved or renamed."
        case .divergedFromBase: return "Merging this branch into the base branch would leave more than one head."
        case .revisionImportFailed: return "Alembic cannot import the revision file, so it cannot run any command."
        case .upgradeFailed: return "Upgrading to the revision failed."
        case .downgradeFailed: return "Downgrading from the revision failed."
        case .downgradeMismatch: return "The downgrade did not restore the schema exactly."
        case .reupgradeFailed: return "Upgrading again after the downgrade failed."
        case .reupgradeMismatch: return "Upgrading again after the downgrade gave a different schema than the first upgrade."
        case .irreversible: return "The downgrade only raises an exception: the revision is one-way and not marked so."
        case .modelDrift: return "env.py's target_metadata (the models) differs from the schema the migrations build."
        case .columnOrder: return "The downgrade re-creates a column at the end of its table instead of its old position."
        case .dataNotRestored:
            return "With data (--with-data, data-dir), a downgrade did not give back the rows the table held before the upgrade."
        }
    }

    /// How to fix it.
    var help: String {
        switch self {
        case .multipleHeads:
            return "Merge the heads with `migcheck merge` (or `alembic merge heads`), or re-point one branch's down_revision."
        case .missingParent: return "Restore the missing revision file or correct the down_revision/depends_on id."
        case .duplicateRevision: return "Give one of the files a new revision id (and update any down_revision pointing at it)."
        case .duplicateBranchLabel: return "Rename one of the branch labels; labels share the namespace of revision ids."
        case .cycle: return "Break the cycle by correcting the down_revision of one of the listed revisions."
        case .invalidRevisionID: return "Use an id of at most 32 characters without @, -, + or :."
        case .parseError: return "Fix the syntax error; Alembic imports this file and would fail too."
        case .nonLiteralValue:
            return "Assign a string literal, a tuple of strings, or None, so tools can read the graph without running code."
        case .missingDowngrade:
            return
                "Write a downgrade() that undoes upgrade(), or mark the revision `# migcheck: irreversible` (or list it under irreversible in the configuration)."
        case .headerMismatch: return "Correct the docstring's Revision ID / Revises lines to match the variables."
        case .strayFile: return "Move the file out of the versions directory, or give it a `revision` variable."
        case .editedMigration:
            return
                "Revert the edit and write a new revision instead; if the edit is intended, allow it in the configuration (allow-edits) pinned to the new blob id."
        case .deletedMigration: return "Restore the file; databases that applied it still reference its revision id."
        case .movedMigration: return "Move the file back, or accept the move if the content is unchanged."
        case .divergedFromBase:
            return
                "Run `migcheck merge --onto-base` to write a merge revision, or re-point this branch's first revision at the base branch's head."
        case .revisionImportFailed:
            return
                "Make the file importable (install the missing package in the Python that runs Alembic, fix the syntax, or move code that fails at import time into upgrade()); Alembic imports every revision file for every command."
        case .upgradeFailed: return "Fix upgrade() so it runs on the schema its parents leave behind."
        case .downgradeFailed: return "Fix downgrade() so it runs after upgrade()."
        case .downgradeMismatch: return "Make downgrade() drop or restore exactly what upgrade() changed."
        case .reupgradeFailed:
            return
                "The second upgrade ran on the schema the downgrade left, which is not the parent's (see this revision's downgrade-mismatch findings): make downgrade() restore exactly the schema before upgrade()."
        case .reupgradeMismatch:
            return "Make downgrade() undo exactly what upgrade() did, so upgrading again gives the same schema as the first time."
        case .irreversible:
            return
                "Write a downgrade, or, if the revision is one-way on purpose, mark it with the comment `# migcheck: irreversible` (or list its id under `irreversible` in the settings)."
        case .modelDrift:
            return
                "Write the migration (`alembic revision --autogenerate`) or change the model back; leave objects out on purpose with include_object / include_name in env.py."
        case .columnOrder:
            return
                "PostgreSQL cannot put a column back at its old position without rewriting the table (create a copy, move the data, rename); usually the order does not matter. To change how it counts, set `column-order = \"error\"` or `\"off\"` under [tool.migcheck.rules] (or [rules] in migcheck.toml)."
        case .dataNotRestored:
            return
                "Make downgrade() keep or restore the rows (copy values back before dropping, widen instead of truncating), or accept the loss: the rule is a warning, `off` in [tool.migcheck.rules] silences it."
        }
    }
}

/// One problem migcheck found.
struct Finding: Sendable, Codable, Hashable {
    /// The rule that fired.
    var rule: Rule
    /// Its severity after configuration.
    var severity: Severity
    /// The revision concerned, if any.
    var revision: String?
    /// The file concerned, relative to the repository root.
    var path: String?
    /// The 1-based line, if known.
    var line: Int?
    /// One sentence saying what is wrong.
    var message: String
    /// How to fix it.
    var hint: String?
    /// The environment the finding belongs to (its display name).
    var environment: String?
    /// The individual differences a summarising finding stands for (a `column-order` finding
    /// lists every column that changed position); text shows them with `--verbose`, the machine
    /// formats always.
    var details: [String]?
    /// How much the finding matters among findings on the same line: lower comes first (a missing
    /// object before a changed definition, an attribute, a column position). Not part of the output.
    var rank = 0

    private enum CodingKeys: String, CodingKey {
        case rule, severity, revision, path, line, message, hint, environment, details
    }

    /// The JSON report's finding: eight keys always (`null` when absent), `details` only for a
    /// summarising finding; `rank` is not written.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(severity, forKey: .severity)
        try container.encode(revision, forKey: .revision)
        try container.encode(path, forKey: .path)
        try container.encode(line, forKey: .line)
        try container.encode(message, forKey: .message)
        try container.encode(hint, forKey: .hint)
        try container.encode(environment, forKey: .environment)
        try container.encodeIfPresent(details, forKey: .details)
    }

    /// Creates a finding with the rule's default severity and help text as hint.
    init(
        rule: Rule, severity: Severity? = nil, revision: String? = nil, path: String? = nil, line: Int? = nil,
        message: String, hint: String? = nil, environment: String? = nil, details: [String]? = nil, rank: Int = 0
    ) {
        self.rule = rule
        self.severity = severity ?? rule.defaultSeverity
        self.revision = revision
        self.path = path
        self.line = line
        self.message = message
        self.hint = hint ?? rule.help
        self.environment = environment
        self.details = details
        self.rank = rank
    }
}
