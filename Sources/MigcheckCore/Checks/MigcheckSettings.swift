import Foundation
import TOMLKit

/// migcheck's own settings, from `migcheck.toml` or `[tool.migcheck]` in pyproject.toml.
///
/// ```toml
/// [tool.migcheck]
/// base = "origin/main"                 # base branch for the git rules
/// strict = false                       # warnings count as errors
/// irreversible = ["3f2a91c0d4e1"]      # one-way revisions missing-downgrade accepts
/// ignore-comment-changes = false       # edited-migration ignores comment/docstring/whitespace edits
/// fetch = false                        # git fetch missing history before failing closed
/// exclude-schemas = ["audit"]          # round trip: schemas not compared
/// schema-preset = "supabase"           # round trip: skip Supabase's system schemas
/// database-url-env = "DATABASE_URL"    # round trip: variable env.py reads
/// branches = ["refs/heads/*", "refs/remotes/origin/*"]
/// with-data = true                     # round trip: generated rows before each upgrade
/// data-rows = 3                        # round trip: rows per table (implies with-data)
/// data-dir = "migrations/data"         # round trip: <revision>.sql run before that upgrade
///
/// [tool.migcheck.rules]
/// header-mismatch = "error"            # "error", "warning" or "off"
///
/// [[tool.migcheck.allow-edits]]
/// revision = "3f2a91c0d4e1"
/// blob = "9c1e4b…"                     # git blob id of the sanctioned content
/// ```
public struct MigcheckSettings: Sendable {
    /// Where the settings came from (tree path), if anywhere.
    var source: String?
    /// Severity overrides; `nil` value means the rule is off.
    var severities: [Rule: Severity?] = [:]
    /// Treat warnings as errors.
    var strict = false
    /// Revisions that are one-way on purpose.
    var irreversible: Set<String> = []
    /// The base ref for git rules.
    public var base: String?
    /// Ignore comment/docstring/whitespace-only edits of historical migrations.
    var ignoreCommentChanges = false
    /// Fetch missing history with `git fetch` before failing closed (`--fetch`).
    public var fetch = false
    /// Sanctioned edits: revision id → blob id of the allowed content.
    var allowedEdits: [String: String] = [:]
    /// Ref globs `migcheck branches` scans.
    public var branchGlobs: [String] = ["refs/heads/*", "refs/remotes/*/*"]
    /// Schemas the round trip does not compare.
    var excludeSchemas: [String] = []
    /// A named set of excluded schemas (`supabase`).
    var schemaPreset: String?
    /// The environment variable env.py reads the database URL from.
    var databaseURLVariable = "DATABASE_URL"
    /// The project's Python for the round trip (`--python` overrides it).
    var python: String?
    /// Generate rows before each checked upgrade (`with-data`).
    var withData = false
    /// Rows per table (`data-rows`).
    var dataRows: Int?
    /// The `data-dir`, as a tree path (relative to the settings file's directory when written
    /// relative).
    var dataDirectory: String?

    /// Default settings.
    public init() {}

    /// Applies configured severities to findings, dropping those of rules that are off.
    func apply(_ findings: [Finding]) -> [Finding] {
        findings.compactMap { finding in
            // A configured severity wins; otherwise the finding keeps its own (a rule may report a
            // milder case as a warning, like an unchanged moved-migration).
            let configured: Severity? = severities[finding.rule] ?? finding.severity
            guard let configured else { return nil }
            let severity: Severity = strict ? .error : configured
            var copy = finding
            copy.severity = severity
            return copy
        }
    }

    /// Finds and reads the settings for a config in `configDirectory` (tree path) of `tree`.
    ///
    /// Looks for `migcheck.toml`, then `[tool.migcheck]` in pyproject.toml, beside the config and
    /// then at the tree root.
    static func load(near configDirectory: String, in tree: FileTree) throws -> MigcheckSettings {
        var dirs = [configDirectory]
        if !configDirectory.isEmpty { dirs.append("") }
        for dir in dirs {
            let path = RelativePath.join(dir, "migcheck.toml")
            if let data = try tree.read(path) {
                return try parse(table: try toml(data, path: path), path: path)
            }
        }
        for dir in dirs {
            let path = RelativePath.join(dir, "pyproject.toml")
            if let data = try tree.read(path), let tool = try toml(data, path: path)["tool"]?.table,
                let value = tool["migcheck"]
            {
                guard let section = value.table else {
                    throw ConfigurationError(path: path, "[tool] migcheck must be a table: write the settings under [tool.migcheck]")
                }
                return try parse(table: section, path: path)
            }
        }
        return MigcheckSettings()
    }

    private static func toml(_ data: Data, path: String) throws -> TOMLTable {
        do {
            return try TOMLTable(string: try ConfigurationError.tomlText(data, path: path))
        } catch let error as TOMLParseError {
            throw ConfigurationError(path: path, line: error.source.begin.line, "invalid TOML: \(error.description)")
        }
    }
}
