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
    public var source: String?
    /// Severity overrides; `nil` value means the rule is off.
    public var severities: [Rule: Severity?] = [:]
    /// Treat warnings as errors.
    public var strict = false
    /// Revisions that are one-way on purpose.
    public var irreversible: Set<String> = []
    /// The base ref for git rules.
    public var base: String?
    /// Ignore comment/docstring/whitespace-only edits of historical migrations.
    public var ignoreCommentChanges = false
    /// Fetch missing history with `git fetch` before failing closed (`--fetch`).
    public var fetch = false
    /// Sanctioned edits: revision id → blob id of the allowed content.
    public var allowedEdits: [String: String] = [:]
    /// Ref globs `migcheck branches` scans.
    public var branchGlobs: [String] = ["refs/heads/*", "refs/remotes/*/*"]
    /// Schemas the round trip does not compare.
    public var excludeSchemas: [String] = []
    /// A named set of excluded schemas (`supabase`).
    public var schemaPreset: String?
    /// The environment variable env.py reads the database URL from.
    public var databaseURLVariable = "DATABASE_URL"
    /// The project's Python for the round trip (`--python` overrides it).
    public var python: String?
    /// Generate rows before each checked upgrade (`with-data`).
    public var withData = false
    /// Rows per table (`data-rows`).
    public var dataRows: Int?
    /// The `data-dir`, as a tree path (relative to the settings file's directory when written
    /// relative).
    public var dataDirectory: String?

    /// Default settings.
    public init() {}

    /// Applies configured severities to findings, dropping those of rules that are off.
    public func apply(_ findings: [Finding]) -> [Finding] {
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
    public static func load(near configDirectory: String, in tree: FileTree) throws -> MigcheckSettings {
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

    static func parse(table: TOMLTable, path: String) throws -> MigcheckSettings {
        var settings = MigcheckSettings()
        settings.source = path
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(path: path, message) }
        func strings(_ key: String) throws -> [String]? {
            guard let value = table[key] else { return nil }
            if let s = value.string { return [s] }
            guard let array = value.array else { throw fail("'\(key)' must be a list of strings") }
            return try array.map { item in
                guard let s = item.string else { throw fail("'\(key)' must be a list of strings") }
                return s
            }
        }
        func bool(_ key: String) throws -> Bool? {
            guard let value = table[key] else { return nil }
            guard let b = value.bool else { throw fail("'\(key)' must be true or false") }
            return b
        }
        func string(_ key: String) throws -> String? {
            guard let value = table[key] else { return nil }
            guard let s = value.string else { throw fail("'\(key)' must be a string") }
            return s
        }
        let known: Set<String> = [
            "base", "strict", "irreversible", "ignore-comment-changes", "rules", "allow-edits",
            "branches", "exclude-schemas", "schema-preset", "database-url-env", "python", "fetch",
            "with-data", "data-rows", "data-dir",
        ]
        for key in table.keys where !known.contains(key) {
            throw fail("unknown setting '\(key)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        settings.base = try string("base")
        settings.strict = try bool("strict") ?? false
        settings.irreversible = Set(try strings("irreversible") ?? [])
        settings.ignoreCommentChanges = try bool("ignore-comment-changes") ?? false
        settings.fetch = try bool("fetch") ?? false
        if let globs = try strings("branches") { settings.branchGlobs = globs }
        settings.excludeSchemas = try strings("exclude-schemas") ?? []
        settings.schemaPreset = try string("schema-preset")
        if let preset = settings.schemaPreset, !RoundTripOptions.schemaPresets.contains(preset) {
            throw fail("unknown schema-preset '\(preset)' (known: \(RoundTripOptions.schemaPresets.joined(separator: ", ")))")
        }
        if let variable = try string("database-url-env") { settings.databaseURLVariable = variable }
        settings.python = try string("python")
        try parseData(table, into: &settings, path: path)
        if let rules = table["rules"] {
            guard let rulesTable = rules.table else { throw fail("'rules' must be a table of rule = \"error\" | \"warning\" | \"off\"") }
            for key in rulesTable.keys {
                guard let rule = Rule(rawValue: key) else {
                    throw fail("unknown rule '\(key)' in [rules] (known: \(Rule.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                switch rulesTable[key]?.string {
                case "error": settings.severities[rule] = .some(.error)
                case "warning": settings.severities[rule] = .some(.warning)
                case "off": settings.severities[rule] = .some(nil)
                default: throw fail("rule '\(key)' must be \"error\", \"warning\" or \"off\"")
                }
            }
        }
        if let edits = table["allow-edits"] {
            guard let array = edits.array else { throw fail("'allow-edits' must be an array of tables") }
            for item in array {
                guard let entry = item.table, let revision = entry["revision"]?.string, let blob = entry["blob"]?.string else {
                    throw fail("each allow-edits entry needs revision = \"...\" and blob = \"...\"")
                }
                settings.allowedEdits[revision] = blob
            }
        }
        return settings
    }
}

extension MigcheckSettings {
    /// Reads `with-data`, `data-rows` and `data-dir`.
    static func parseData(_ table: TOMLTable, into settings: inout MigcheckSettings, path: String) throws {
        if let value = table["with-data"] {
            guard let flag = value.bool else { throw ConfigurationError(path: path, "'with-data' must be true or false") }
            settings.withData = flag
        }
        if let value = table["data-rows"] {
            guard let rows = value.int, rows >= 1, rows <= 1000 else {
                throw ConfigurationError(path: path, "'data-rows' must be a whole number from 1 to 1000")
            }
            settings.dataRows = rows
        }
        if let value = table["data-dir"] {
            guard let directory = value.string, !directory.isEmpty else {
                throw ConfigurationError(path: path, "'data-dir' must be a directory path")
            }
            settings.dataDirectory =
                directory.hasPrefix("/") ? directory : RelativePath.join(RelativePath.directory(of: path), directory)
        }
    }
}
