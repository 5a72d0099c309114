import Foundation
import TOMLKit

/// Reads alembic.ini / pyproject.toml into ``AlembicEnvironment`` values the way Alembic does.
enum AlembicConfigReader {
    /// Resolves the environment of `configPath` (an ini or a pyproject.toml) in `tree`.
    ///
    /// - Parameters:
    ///   - section: the ini section, as `alembic -n` chooses it.
    ///   - pyprojectPath: the pyproject.toml whose `[tool.alembic]` supplements the ini; by
    ///     default the one beside the ini, as Alembic looks for it in the working directory.
    static func read(
        configPath: String,
        section: String = "alembic",
        pyprojectPath: String? = nil,
        in tree: FileTree
    ) throws -> AlembicEnvironment {
        let sources = try ConfigSources(configPath: configPath, section: section, pyprojectPath: pyprojectPath, tree: tree)
        let scriptLocation = try sources.scriptLocation()
        let display = section == "alembic" ? configPath : "\(configPath) [\(section)]"
        return AlembicEnvironment(
            name: display,
            configPath: configPath,
            section: section,
            pyprojectPath: sources.toml == nil ? nil : sources.tomlPath,
            scriptLocation: scriptLocation,
            versionLocations: try sources.versionLocations(scriptLocation: scriptLocation),
            recursiveVersionLocations: try sources.boolOption("recursive_version_locations"),
            fileTemplate: try sources.option("file_template") ?? AlembicEnvironment.defaultFileTemplate,
            truncateSlugLength: try sources.truncateSlugLength(),
            timezone: try sources.option("timezone"),
            sqlalchemyURL: try sources.iniValue("sqlalchemy.url"),
            postWriteHooks: try sources.postWriteHooks(),
            outputEncoding: try sources.option("output_encoding") ?? "utf-8"
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
    static func treePath(_ absolute: String, tree: FileTree) -> String {
        RelativePath.relative(absolute, to: tree.rootPath) ?? absolute
    }
}
