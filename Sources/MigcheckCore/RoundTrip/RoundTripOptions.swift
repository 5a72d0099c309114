import Foundation

/// How `migcheck roundtrip` runs: where the database comes from, which Python runs Alembic and
/// which part of the graph is checked.
public struct RoundTripOptions: Sendable {
    /// The project's Python (`--python`); chosen by ``PythonInterpreter`` when `nil`.
    public var python: String?
    /// Server mode: a server URL (SQLAlchemy or libpq form); `nil` starts an ephemeral cluster.
    public var databaseURL: String?
    /// Directory with `initdb` and `postgres` for the ephemeral cluster.
    public var pgBin: URL?
    /// Schemas left out of the comparison.
    public var excludedSchemas: Set<String> = []
    /// The Alembic version table, `name` or `schema.name` (default `alembic_version` in `public`).
    public var versionTable = "alembic_version"
    /// The environment variable env.py reads the database URL from.
    public var urlVariable = "DATABASE_URL"
    /// Check only this revision and its descendants.
    public var from: String?
    /// Check only this revision and its ancestors.
    public var to: String?
    /// Never downgrade.
    public var upgradeOnly = false
    /// Revisions that are one-way on purpose (from the settings).
    public var irreversible: Set<String> = []
    /// Where the driver runs Alembic (the directory migcheck was started in).
    public var workingDirectory: URL

    /// Options with defaults, running Alembic in `workingDirectory`.
    public init(workingDirectory: URL) {
        self.workingDirectory = workingDirectory
    }

    /// The version table as schema and name.
    var versionTableParts: (schema: String, name: String) {
        let parts = versionTable.split(separator: ".", maxSplits: 1).map(String.init)
        return parts.count == 2 ? (parts[0], parts[1]) : ("public", versionTable)
    }
}
