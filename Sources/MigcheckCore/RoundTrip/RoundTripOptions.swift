import Foundation

/// How `migcheck roundtrip` runs: where the database comes from, which Python runs Alembic and
/// which part of the graph is checked.
public struct RoundTripOptions: Sendable {
    /// The project's Python (`--python`); chosen by ``PythonInterpreter`` when `nil`.
    var python: String?
    /// Server mode: a server URL (SQLAlchemy or libpq form); `nil` starts an ephemeral cluster.
    var databaseURL: String?
    /// Directory with `initdb` and `postgres` for the ephemeral cluster.
    var pgBin: URL?
    /// Schemas left out of the comparison.
    var excludedSchemas: Set<String> = []
    /// The Alembic version table, `name` or `schema.name` (default `alembic_version` in `public`).
    var versionTable = "alembic_version"
    /// The environment variable env.py reads the database URL from.
    var urlVariable = "DATABASE_URL"
    /// Check only this revision and its descendants.
    var from: String?
    /// Check only this revision and its ancestors.
    var to: String?
    /// Never downgrade.
    var upgradeOnly = false
    /// Revisions that are one-way on purpose (from the settings).
    var irreversible: Set<String> = []
    /// Where the driver runs Alembic (the directory migcheck was started in).
    var workingDirectory: URL
    /// The longest one Alembic step may take (`nil`: no limit).
    var stepTimeout: TimeInterval? = AlembicDriver.defaultStepTimeout
    /// When models are compared with the migrations (`model-drift`).
    var drift = ModelDriftMode.after
    /// `--changed`: check only these revisions (the base's are applied by plain upgrades).
    public var changed: ChangedRevisions?
    /// `--shard K/N` (or GitLab's `CI_NODE_INDEX`/`CI_NODE_TOTAL`).
    var shard: StairwayShard?
    /// Rows generated per table before each checked upgrade (`--with-data`); `nil`: none.
    var dataRows: Int?
    /// The `data-dir`: `<revision>.sql` files run before the upgrade to that revision (absolute,
    /// or relative to the repository root).
    var dataDirectory: String?
    /// `--driver-mode`: how env.py is run.
    var driverMode = DriverMode.single
    /// `--full-snapshots`: read the whole schema for every snapshot instead of only what the
    /// catalogs say a step changed (``IncrementalSnapshot``).
    var fullSnapshots = false
    /// Whether `--changed` and `--shard` runs on the private cluster restore and save the base
    /// revisions' state (``BaseStateCache``); `--no-base-cache` turns it off.
    var baseStateCache = true

    /// Options with defaults, running Alembic in `workingDirectory`.
    init(workingDirectory: URL) {
        self.workingDirectory = workingDirectory
    }

    /// The version table as schema and name.
    var versionTableParts: (schema: String, name: String) {
        let parts = versionTable.split(separator: ".", maxSplits: 1).map(String.init)
        return parts.count == 2 ? (parts[0], parts[1]) : ("public", versionTable)
    }
}

/// How the Alembic driver runs the project's env.py.
public enum DriverMode: String, Sendable, CaseIterable {
    /// One env.py run serves a series of steps (one engine, one connection); the driver falls
    /// back to a run per step wherever that cannot be used (``AlembicDriverScript/singleRunSource``).
    case single
    /// One env.py run per upgrade or downgrade step.
    case perStep = "per-step"
}

/// What the command line says about a round trip, before the settings and the process
/// environment fill in what it leaves out (``RoundTripOptions/resolve(flags:settings:environment:)``).
public struct RoundTripFlags: Sendable {
    /// `--python`.
    public var python: String?
    /// `--database-url`.
    public var databaseURL: String?
    /// `--pg-bin`.
    public var pgBin: String?
    /// `--exclude-schema`, repeatable.
    public var excludeSchemas: [String] = []
    /// `--schema-preset`.
    public var schemaPreset: String?
    /// `--version-table`.
    public var versionTable = "alembic_version"
    /// `--database-url-env`.
    public var databaseURLVariable: String?
    /// `--from`.
    public var from: String?
    /// `--to`.
    public var to: String?
    /// `--upgrade-only`.
    public var upgradeOnly = false
    /// `--step-timeout` in seconds (0: no limit; `nil`: the default).
    public var stepTimeout: Double?
    /// `--drift-only` / `--no-drift`.
    public var drift = ModelDriftMode.after
    /// `--shard K/N`.
    public var shard: StairwayShard?
    /// `--with-data`.
    public var withData = false
    /// `--data-rows`.
    public var dataRows: Int?
    /// `--data-dir`, as given (relative to `workingDirectory`).
    public var dataDirectory: String?
    /// `--driver-mode` / `--per-step`.
    public var driverMode = DriverMode.single
    /// `--full-snapshots`.
    public var fullSnapshots = false
    /// `--no-base-cache` (`false`).
    public var baseStateCache = true
    /// The directory migcheck was started in (`-C DIR` or the working directory).
    var workingDirectory: URL

    /// Flags with nothing given, for a run in `workingDirectory`.
    public init(workingDirectory: URL) {
        self.workingDirectory = workingDirectory
    }
}

extension RoundTripOptions {
    /// The schema presets `--schema-preset` and `schema-preset` accept.
    public static let schemaPresets = ["supabase"]

    /// Merges the command line with the settings: a flag wins over its setting; the database URL
    /// falls back to `$MIGCHECK_DATABASE_URL`; excluded schemas are the union of both and the
    /// preset's.
    ///
    /// - Throws: ``ConfigurationError`` for an unknown schema preset in the settings.
    public static func resolve(
        flags: RoundTripFlags, settings: MigcheckSettings,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> RoundTripOptions {
        var options = RoundTripOptions(workingDirectory: flags.workingDirectory)
        options.python = flags.python ?? settings.python
        options.databaseURL = flags.databaseURL ?? environment["MIGCHECK_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        options.pgBin = flags.pgBin.map { URL(fileURLWithPath: $0) }
        var excluded = Set(flags.excludeSchemas + settings.excludeSchemas)
        switch flags.schemaPreset ?? settings.schemaPreset {
        case nil: break
        case "supabase": excluded.formUnion(SnapshotOptions.supabaseSchemas)
        case let other?:
            throw ConfigurationError(
                path: settings.source, "unknown schema-preset '\(other)' (known: \(schemaPresets.joined(separator: ", ")))")
        }
        options.excludedSchemas = excluded
        options.versionTable = flags.versionTable
        options.urlVariable = flags.databaseURLVariable ?? settings.databaseURLVariable
        options.from = flags.from
        options.to = flags.to
        options.upgradeOnly = flags.upgradeOnly
        if let seconds = flags.stepTimeout { options.stepTimeout = seconds > 0 ? seconds : nil }
        options.irreversible = settings.irreversible
        options.drift = flags.drift
        options.shard = flags.shard ?? StairwayShard(environment: environment)
        options.resolveData(flags: flags, settings: settings)
        options.driverMode = flags.driverMode
        options.fullSnapshots = flags.fullSnapshots
        options.baseStateCache = flags.baseStateCache
        return options
    }
}
