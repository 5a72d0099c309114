import Foundation
import TOMLKit

/// The two places an Alembic environment's settings come from — an ini section and a
/// pyproject.toml's `[tool.alembic]` table — and how Alembic combines them: an ini key wins, TOML
/// strings are `%`-formatted with only `here`, and each resolved setting is read by one method.
struct ConfigSources {
    /// The config file (ini or pyproject.toml), as a tree path.
    let configPath: String
    /// The ini section.
    let section: String
    /// The config file's directory, absolute (Alembic's `%(here)s`).
    let hereAbsolute: String
    /// The parsed ini, unless the config is a pyproject.toml.
    let ini: IniFile?
    /// The pyproject.toml consulted, as a tree path (it may not exist).
    let tomlPath: String
    /// Its `[tool.alembic]` table, when present.
    let toml: TOMLTable?
    /// The pyproject.toml's directory, absolute (`here` in TOML strings).
    let tomlHere: String
    /// The tree the paths are in.
    let tree: FileTree

    /// Reads the ini (checking the section exists) and the `[tool.alembic]` table.
    init(configPath: String, section: String, pyprojectPath: String?, tree: FileTree) throws {
        let isToml = RelativePath.name(of: configPath) == "pyproject.toml"
        let configDir = RelativePath.directory(of: configPath)
        self.configPath = configPath
        self.section = section
        self.tree = tree
        hereAbsolute = RelativePath.join(tree.rootPath, configDir)
        ini = isToml ? nil : try Self.readIni(configPath, section: section, here: hereAbsolute, tree: tree)
        tomlPath = isToml ? configPath : (pyprojectPath ?? RelativePath.join(configDir, "pyproject.toml"))
        toml = try AlembicConfigReader.readToolAlembic(tomlPath, in: tree)
        tomlHere = RelativePath.join(tree.rootPath, RelativePath.directory(of: tomlPath))
    }

    /// Parses an ini file and checks that it has `section`.
    private static func readIni(_ path: String, section: String, here: String, tree: FileTree) throws -> IniFile {
        guard let data = try tree.read(path) else {
            throw ConfigurationError(path: path, "no such file")
        }
        let ini: IniFile
        do {
            ini = try IniFile(data: data, defaults: ["here": here])
        } catch let error as IniFile.ParseError {
            throw ConfigurationError(path: path, line: error.line, error.message)
        }
        guard ini.hasSection(section) else {
            throw ConfigurationError(path: path, "no [\(section)] section")
        }
        return ini
    }

    // MARK: - Raw values

    /// The ini value of `key` in the section, interpolated, or `nil`.
    func iniValue(_ key: String) throws -> String? {
        guard let ini else { return nil }
        do { return try ini.value(section, key) } catch let error as IniFile.ParseError {
            throw ConfigurationError(path: configPath, line: error.line, error.message)
        }
    }

    /// A `[tool.alembic]` string (or integer) value, `%`-formatted.
    func tomlString(_ key: String) throws -> String? {
        guard let toml, let value = toml[key] else { return nil }
        if let string = value.string { return try AlembicConfigReader.pyFormat(string, here: tomlHere, path: tomlPath) }
        if let int = value.int { return String(int) }
        throw ConfigurationError(path: tomlPath, "[tool.alembic] \(key) must be a string")
    }

    /// A setting from the ini if it has the key, else from `[tool.alembic]`.
    func option(_ key: String) throws -> String? {
        if let ini, ini.has(section, key) { return try iniValue(key) }
        return try tomlString(key)
    }

    /// A boolean setting: the ini's `true`, or a TOML boolean.
    func boolOption(_ key: String) throws -> Bool {
        if let ini, ini.has(section, key) { return try iniValue(key) == "true" }
        guard let value = toml?[key] else { return false }
        guard let bool = value.bool else {
            throw ConfigurationError(path: tomlPath, "boolean value expected for TOML parameter '\(key)'")
        }
        return bool
    }

    // MARK: - Resolved settings

    /// `script_location`, resolved; Alembic refuses one that does not exist ("Path doesn't exist").
    func scriptLocation() throws -> String {
        guard let raw = try option("script_location") else {
            throw ConfigurationError(path: configPath, "no 'script_location' key found in configuration")
        }
        let location = try resolve(raw)
        if try tree.list(location) == nil {
            throw ConfigurationError(
                path: configPath, line: ini?.line(section, "script_location"),
                "script_location directory does not exist: \(location)")
        }
        return location
    }

    /// `version_locations`, resolved; `<script_location>/versions` when unset.
    func versionLocations(scriptLocation: String) throws -> [String] {
        var locations: [String] = []
        if let raw = try iniValue("version_locations"), !raw.isEmpty {
            let separator = try iniValue("path_separator") ?? iniValue("version_path_separator")
            locations = try AlembicConfigReader.splitPaths(raw, separatorSetting: separator, configPath: configPath)
        } else if let list = toml?["version_locations"]?.array {
            locations = try list.map { item in
                guard let string = item.string else {
                    throw ConfigurationError(path: tomlPath, "[tool.alembic] version_locations must be a list of strings")
                }
                return try AlembicConfigReader.pyFormat(string, here: tomlHere, path: tomlPath)
            }
        }
        let resolved = try locations.map(resolve)
        return resolved.isEmpty ? [RelativePath.join(scriptLocation, "versions")] : resolved
    }

    /// `truncate_slug_length` (default 40).
    func truncateSlugLength() throws -> Int {
        guard let raw = try option("truncate_slug_length") else { return 40 }
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw ConfigurationError(
                path: configPath, line: ini?.line(section, "truncate_slug_length"),
                "truncate_slug_length must be an integer, not '\(raw)'")
        }
        return value
    }

    /// The post-write hooks, in order: the ini's `[post_write_hooks]` section, else the TOML list.
    func postWriteHooks() throws -> [[String: String]] {
        if let ini, ini.hasSection("post_write_hooks") {
            let names = (try? ini.value("post_write_hooks", "hooks")).flatMap { $0 }.map(AlembicConfigReader.splitSpaceComma) ?? []
            return names.filter { !$0.isEmpty }.map { name in
                var options: [String: String] = ["_hook_name": name]
                for key in ini.keys("post_write_hooks") where key.hasPrefix(name + ".") {
                    options[String(key.dropFirst(name.count + 1))] = try? ini.value("post_write_hooks", key) ?? ""
                }
                return options
            }
        }
        guard let list = toml?["post_write_hooks"]?.array else { return [] }
        return try list.compactMap { item in
            guard let table = item.table else { return nil }
            var options: [String: String] = [:]
            for (key, value) in table {
                options[key == "name" ? "_hook_name" : key] =
                    try value.string.map { try AlembicConfigReader.pyFormat($0, here: tomlHere, path: tomlPath) } ?? ""
            }
            return options
        }
    }

    /// Resolves a location relative to the config file's directory.
    private func resolve(_ raw: String) throws -> String {
        try AlembicConfigReader.resolveLocation(raw, base: hereAbsolute, tree: tree, configPath: configPath)
    }
}
