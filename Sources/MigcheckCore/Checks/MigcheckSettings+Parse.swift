import Foundation
import TOMLKit

extension MigcheckSettings {
    /// The settings in `table` (a `[tool.migcheck]` table or a `migcheck.toml`), read from `path`;
    /// an unknown key or a value of the wrong kind is a ``ConfigurationError`` naming the file.
    static func parse(table: TOMLTable, path: String) throws -> MigcheckSettings {
        let reader = SettingsReader(table: table, path: path)
        try reader.rejectUnknownKeys()
        var settings = MigcheckSettings()
        settings.source = path
        settings.base = try reader.string("base")
        settings.strict = try reader.bool("strict") ?? false
        settings.irreversible = Set(try reader.strings("irreversible") ?? [])
        settings.ignoreCommentChanges = try reader.bool("ignore-comment-changes") ?? false
        settings.fetch = try reader.bool("fetch") ?? false
        if let globs = try reader.strings("branches") { settings.branchGlobs = globs }
        settings.excludeSchemas = try reader.strings("exclude-schemas") ?? []
        settings.schemaPreset = try reader.string("schema-preset")
        if let preset = settings.schemaPreset, !RoundTripOptions.schemaPresets.contains(preset) {
            throw reader.fail("unknown schema-preset '\(preset)' (known: \(RoundTripOptions.schemaPresets.joined(separator: ", ")))")
        }
        if let variable = try reader.string("database-url-env") { settings.databaseURLVariable = variable }
        settings.python = try reader.string("python")
        try parseData(table, into: &settings, path: path)
        try reader.rules().forEach { settings.severities[$0.key] = $0.value }
        try reader.allowedEdits().forEach { settings.allowedEdits[$0.key] = $0.value }
        return settings
    }

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

/// Reads typed values out of a settings table, failing with the key and the file named.
private struct SettingsReader {
    /// Every key a settings table may hold.
    static let known: Set<String> = [
        "base", "strict", "irreversible", "ignore-comment-changes", "rules", "allow-edits",
        "branches", "exclude-schemas", "schema-preset", "database-url-env", "python", "fetch",
        "with-data", "data-rows", "data-dir",
    ]

    let table: TOMLTable
    let path: String

    /// An error about this file.
    func fail(_ message: String) -> ConfigurationError { ConfigurationError(path: path, message) }

    /// Throws for the first key that is not a setting.
    func rejectUnknownKeys() throws {
        for key in table.keys where !Self.known.contains(key) {
            throw fail("unknown setting '\(key)' (known: \(Self.known.sorted().joined(separator: ", ")))")
        }
    }

    /// A string or list of strings, as a list.
    func strings(_ key: String) throws -> [String]? {
        guard let value = table[key] else { return nil }
        if let s = value.string { return [s] }
        guard let array = value.array else { throw fail("'\(key)' must be a list of strings") }
        return try array.map { item in
            guard let s = item.string else { throw fail("'\(key)' must be a list of strings") }
            return s
        }
    }

    /// A boolean.
    func bool(_ key: String) throws -> Bool? {
        guard let value = table[key] else { return nil }
        guard let b = value.bool else { throw fail("'\(key)' must be true or false") }
        return b
    }

    /// A string.
    func string(_ key: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let s = value.string else { throw fail("'\(key)' must be a string") }
        return s
    }

    /// The `[rules]` table: each rule's severity, `nil` for `off`.
    func rules() throws -> [Rule: Severity?] {
        guard let rules = table["rules"] else { return [:] }
        guard let rulesTable = rules.table else { throw fail("'rules' must be a table of rule = \"error\" | \"warning\" | \"off\"") }
        var severities: [Rule: Severity?] = [:]
        for key in rulesTable.keys {
            guard let rule = Rule(rawValue: key) else {
                throw fail("unknown rule '\(key)' in [rules] (known: \(Rule.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            switch rulesTable[key]?.string {
            case "error": severities[rule] = .some(.error)
            case "warning": severities[rule] = .some(.warning)
            case "off": severities[rule] = .some(nil)
            default: throw fail("rule '\(key)' must be \"error\", \"warning\" or \"off\"")
            }
        }
        return severities
    }

    /// The `allow-edits` array: each revision's allowed blob.
    func allowedEdits() throws -> [String: String] {
        guard let edits = table["allow-edits"] else { return [:] }
        guard let array = edits.array else { throw fail("'allow-edits' must be an array of tables") }
        var allowed: [String: String] = [:]
        for item in array {
            guard let entry = item.table, let revision = entry["revision"]?.string, let blob = entry["blob"]?.string else {
                throw fail("each allow-edits entry needs revision = \"...\" and blob = \"...\"")
            }
            allowed[revision] = blob
        }
        return allowed
    }
}
