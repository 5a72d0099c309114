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
    var pyprojectPath: String?
    /// The script directory (holds env.py and script.py.mako).
    var scriptLocation: String
    /// The version locations, in the order Alembic loads them.
    var versionLocations: [String]
    /// Whether subdirectories of version locations are read.
    var recursiveVersionLocations: Bool
    /// The `file_template` setting, with configparser's `%%` already unescaped.
    var fileTemplate: String
    /// `truncate_slug_length` (default 40).
    var truncateSlugLength: Int
    /// The `timezone` setting, if any.
    var timezone: String?
    /// `sqlalchemy.url` from the ini, if any.
    var sqlalchemyURL: String?
    /// The `post_write_hooks` configuration, in order.
    var postWriteHooks: [[String: String]]
    /// `output_encoding` (default utf-8).
    var outputEncoding: String

    /// Alembic's default `file_template`.
    static let defaultFileTemplate = "%(rev)s_%(slug)s"
}

/// Why an environment could not be resolved.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The file concerned (tree path or absolute), if any.
    var path: String?
    /// The line concerned, if known.
    var line: Int?
    /// What is wrong.
    var message: String

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
