import Foundation
import TOMLKit

/// One Alembic environment: the settings Alembic would use, resolved statically.
///
/// Paths are tree paths: relative to the ``FileTree`` root when inside it, absolute otherwise.
public struct AlembicEnvironment: Sendable {
    /// A human name: the config file's tree path, plus `[section]` when not `alembic`.
    public var name: String
    /// The config file this environment came from (alembic.ini or pyproject.toml).
    public var configPath: String
    /// The ini section (`alembic` unless chosen with `-n/--name`).
    public var section: String
    /// The pyproject.toml consulted for `[tool.alembic]`, when present.
    public var pyprojectPath: String?
    /// The script directory (holds env.py and script.py.mako).
    public var scriptLocation: String
    /// The version locations, in the order Alembic loads them.
    public var versionLocations: [String]
    /// Whether subdirectories of version locations are read.
    public var recursiveVersionLocations: Bool
    /// The `file_template` setting, with configparser's `%%` already unescaped.
    public var fileTemplate: String
    /// `truncate_slug_length` (default 40).
    public var truncateSlugLength: Int
    /// The `timezone` setting, if any.
    public var timezone: String?
    /// `sqlalchemy.url` from the ini, if any.
    public var sqlalchemyURL: String?
    /// The `post_write_hooks` configuration, in order.
    public var postWriteHooks: [[String: String]]
    /// `output_encoding` (default utf-8).
    public var outputEncoding: String

    /// Alembic's default `file_template`.
    public static let defaultFileTemplate = "%(rev)s_%(slug)s"
}

/// Why an environment could not be resolved.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The file concerned (tree path or absolute), if any.
    public var path: String?
    /// The line concerned, if known.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(path: String?, line: Int? = nil, _ message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        guard let path else { return message }
        return line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
}

/// Reads alembic.ini / pyproject.toml into ``AlembicEnvironment`` values the way Alembic does.
public enum AlembicConfigReader {
    /// Resolves the environment of `configPath` (an ini or a pyproject.toml) in `tree`.
    ///
    /// - Parameters:
    ///   - section: the ini section, as `alembic -n` chooses it.
    ///   - pyprojectPath: the pyproject.toml whose `[tool.alembic]` supplements the ini; by
    ///     default the one beside the ini, as Alembic looks for it in the working directory.
    public static func read(
        configPath: String,
        section: String = "alembic",
        pyprojectPath: String? = nil,
        in tree: FileTree
    ) throws -> AlembicEnvironment {
        let isToml = RelativePath.name(of: configPath) == "pyproject.toml"
        let configDir = RelativePath.directory(of: configPath)
        let hereAbsolute = RelativePath.join(tree.rootPath, configDir)

        var ini: IniFile?
        if !isToml {
            guard let data = try tree.read(configPath) else {
                throw ConfigurationError(path: configPath, "no such file")
            }
            do {
                ini = try IniFile(data: data, defaults: ["here": hereAbsolute])
            } catch let error as IniFile.ParseError {
                throw ConfigurationError(path: configPath, line: error.line, error.message)
            }
            guard ini!.hasSection(section) else {
                throw ConfigurationError(path: configPath, "no [\(section)] section")
            }
        }
        let tomlPath = isToml ? configPath : (pyprojectPath ?? RelativePath.join(configDir, "pyproject.toml"))
        let toml = try readToolAlembic(tomlPath, in: tree)
        let tomlHere = RelativePath.join(tree.rootPath, RelativePath.directory(of: tomlPath))

        func iniValue(_ key: String) throws -> String? {
            guard let ini else { return nil }
            do { return try ini.value(section, key) } catch let error as IniFile.ParseError {
                throw ConfigurationError(path: configPath, line: error.line, error.message)
            }
        }
        func tomlString(_ key: String) throws -> String? {
            guard let toml, let value = toml[key] else { return nil }
            if let string = value.string { return try pyFormat(string, here: tomlHere, path: tomlPath) }
            if let int = value.int { return String(int) }
            throw ConfigurationError(path: tomlPath, "[tool.alembic] \(key) must be a string")
        }
        func option(_ key: String) throws -> String? {
            if let ini, ini.has(section, key) { return try iniValue(key) }
            return try tomlString(key)
        }
        func boolOption(_ key: String) throws -> Bool {
            if let ini, ini.has(section, key) { return try iniValue(key) == "true" }
            guard let value = toml?[key] else { return false }
            guard let bool = value.bool else {
                throw ConfigurationError(path: tomlPath, "boolean value expected for TOML parameter '\(key)'")
            }
            return bool
        }

        guard let scriptLocationRaw = try option("script_location") else {
            throw ConfigurationError(path: configPath, "no 'script_location' key found in configuration")
        }
        let scriptLocation = try resolveLocation(scriptLocationRaw, base: hereAbsolute, tree: tree, configPath: configPath)
        // Alembic's ScriptDirectory refuses a script_location that does not exist ("Path doesn't exist").
        if try tree.list(scriptLocation) == nil {
            throw ConfigurationError(
                path: configPath, line: ini?.line(section, "script_location"),
                "script_location directory does not exist: \(scriptLocation)")
        }

        var versionLocations: [String]
        if let raw = try iniValue("version_locations"), !raw.isEmpty {
            versionLocations = try splitPaths(
                raw, separatorSetting: try iniValue("path_separator") ?? iniValue("version_path_separator"), configPath: configPath)
        } else if let list = toml?["version_locations"]?.array {
            versionLocations = try list.map { item in
                guard let s = item.string else {
                    throw ConfigurationError(path: tomlPath, "[tool.alembic] version_locations must be a list of strings")
                }
                return try pyFormat(s, here: tomlHere, path: tomlPath)
            }
        } else {
            versionLocations = []
        }
        var resolvedVersions = try versionLocations.map {
            try resolveLocation($0, base: hereAbsolute, tree: tree, configPath: configPath)
        }
        if resolvedVersions.isEmpty {
            resolvedVersions = [RelativePath.join(scriptLocation, "versions")]
        }

        var truncate = 40
        if let raw = try option("truncate_slug_length") {
            guard let value = Int(raw.trimmingCharacters(in: .whitespaces)) else {
                throw ConfigurationError(
                    path: configPath, line: ini?.line(section, "truncate_slug_length"),
                    "truncate_slug_length must be an integer, not '\(raw)'")
            }
            truncate = value
        }

        var hooks: [[String: String]] = []
        if let ini, ini.hasSection("post_write_hooks") {
            let names = (try? ini.value("post_write_hooks", "hooks")).flatMap { $0 }.map(splitSpaceComma) ?? []
            for name in names where !name.isEmpty {
                var opts: [String: String] = ["_hook_name": name]
                for key in ini.keys("post_write_hooks") where key.hasPrefix(name + ".") {
                    opts[String(key.dropFirst(name.count + 1))] = try? ini.value("post_write_hooks", key) ?? ""
                }
                hooks.append(opts)
            }
        } else if let list = toml?["post_write_hooks"]?.array {
            for item in list {
                guard let table = item.table else { continue }
                var opts: [String: String] = [:]
                for (key, value) in table {
                    opts[key == "name" ? "_hook_name" : key] =
                        try value.string.map { try pyFormat($0, here: tomlHere, path: tomlPath) } ?? ""
                }
                hooks.append(opts)
            }
        }

        let display = section == "alembic" ? configPath : "\(configPath) [\(section)]"
        return AlembicEnvironment(
            name: display,
            configPath: configPath,
            section: section,
            pyprojectPath: toml == nil ? nil : tomlPath,
            scriptLocation: scriptLocation,
            versionLocations: resolvedVersions,
            recursiveVersionLocations: try boolOption("recursive_version_locations"),
            fileTemplate: try option("file_template") ?? AlembicEnvironment.defaultFileTemplate,
            truncateSlugLength: truncate,
            timezone: try option("timezone"),
            sqlalchemyURL: try iniValue("sqlalchemy.url"),
            postWriteHooks: hooks,
            outputEncoding: try option("output_encoding") ?? "utf-8"
        )
    }

    /// The `[tool.alembic]` table of a pyproject.toml, or `nil` when the file or table is absent.
    static func readToolAlembic(_ path: String, in tree: FileTree) throws -> TOMLTable? {
        guard let data = try tree.read(path) else { return nil }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: try ConfigurationError.tomlText(data, path: path))
        } catch let error as TOMLParseError {
            throw ConfigurationError(path: path, line: error.source.begin.line, "invalid TOML: \(error.description)")
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(path: path, "invalid TOML: \(error)")
        }
        guard let tool = table["tool"]?.table, let alembic = tool["alembic"] else { return nil }
        guard let result = alembic.table else {
            throw ConfigurationError(path: path, "Incorrect TOML format: [tool.alembic] is not a table")
        }
        return result
    }

    /// Python `%`-formatting with only `here` available, as Alembic applies to TOML strings.
    static func pyFormat(_ text: String, here: String, path: String) throws -> String {
        do {
            return try PercentFormat.format(text, .mapping(["here": .string(here)]))
        } catch {
            throw ConfigurationError(path: path, "bad %-formatting in '\(text)': \(error.message)")
        }
    }

    /// Splits `version_locations` as Alembic does for the given `path_separator` setting.
    static func splitPaths(_ raw: String, separatorSetting: String?, configPath: String) throws -> [String] {
        guard let setting = separatorSetting else { return splitSpaceComma(raw) }
        let separators: [String: String] = ["space": " ", "newline": "\n", "os": ":", ":": ":", ";": ";"]
        guard let sep = separators[setting] else {
            throw ConfigurationError(
                path: configPath, "'\(setting)' is not a valid value for path_separator; expected 'space', 'newline', 'os', ':', ';'")
        }
        return raw.components(separatedBy: sep).filter { !$0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Alembic's legacy split: `re.compile(r", *|(?: +)").split(value)`.
    static func splitSpaceComma(_ raw: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var index = raw.startIndex
        while index < raw.endIndex {
            let ch = raw[index]
            if ch == "," || ch == " " {
                parts.append(current)
                current = ""
                var next = raw.index(after: index)
                while next < raw.endIndex, raw[next] == " " { next = raw.index(after: next) }
                index = next
                continue
            }
            current.append(ch)
            index = raw.index(after: index)
        }
        parts.append(current)
        return parts
    }

    /// Resolves a location: a path (relative to the config's directory) or `package:path`.
    static func resolveLocation(_ raw: String, base: String, tree: FileTree, configPath: String) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var absolute: String
        if !value.hasPrefix("/"), let colon = value.firstIndex(of: ":") {
            let package = String(value[..<colon])
            let rest = value[value.index(after: colon)...].split(separator: ":").joined(separator: "/")
            let packageDir = package.replacingOccurrences(of: ".", with: "/")
            let candidates = [base, RelativePath.join(base, "src")]
            var found: String?
            for root in candidates {
                let dir = RelativePath.join(root, packageDir)
                let rel = treePath(dir, tree: tree)
                if (try? tree.list(rel)) != nil { found = dir; break }
            }
            guard let packageRoot = found else {
                throw ConfigurationError(
                    path: configPath,
                    "cannot find package '\(package)' for location '\(value)' (looked in \(candidates.map { treePath($0, tree: tree).isEmpty ? "." : treePath($0, tree: tree) }.joined(separator: ", ")))"
                )
            }
            absolute = rest.isEmpty ? packageRoot : RelativePath.join(packageRoot, rest)
        } else {
            absolute = RelativePath.join(base, value)
        }
        absolute = RelativePath.normalize(absolute)
        return treePath(absolute, tree: tree)
    }

    /// Converts an absolute path to a tree path (relative when inside the tree).
    public static func treePath(_ absolute: String, tree: FileTree) -> String {
        RelativePath.relative(absolute, to: tree.rootPath) ?? absolute
    }
}
