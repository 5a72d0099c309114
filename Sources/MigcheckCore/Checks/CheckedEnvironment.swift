/// One environment ready to check: its Alembic configuration and migcheck's settings for it, read
/// once (with `--strict` applied) and passed down to every rule and runner that needs them.
public struct CheckedEnvironment: Sendable {
    /// The Alembic environment.
    var environment: AlembicEnvironment
    /// The settings found beside its config, `strict` already applied.
    public var settings: MigcheckSettings

    /// Pairs an environment with its settings.
    init(environment: AlembicEnvironment, settings: MigcheckSettings) {
        self.environment = environment
        self.settings = settings
    }

    /// Reads the settings for `environment` from `tree` (see ``MigcheckSettings/load(near:in:)``);
    /// `strict` (the command line's `--strict`) forces warnings to errors on top of the settings.
    public static func load(_ environment: AlembicEnvironment, in tree: FileTree, strict: Bool = false) throws -> CheckedEnvironment {
        var settings = try MigcheckSettings.load(near: RelativePath.directory(of: environment.configPath), in: tree)
        if strict { settings.strict = true }
        return CheckedEnvironment(environment: environment, settings: settings)
    }

    /// Reads the settings of each environment.
    public static func load(_ environments: [AlembicEnvironment], in tree: FileTree, strict: Bool = false) throws -> [CheckedEnvironment] {
        try environments.map { try load($0, in: tree, strict: strict) }
    }
}

/// A checked environment with its revisions loaded.
public struct CheckedProject: Sendable {
    /// The revisions, graph and tree.
    public var project: LoadedProject
    /// The settings, `strict` applied.
    var settings: MigcheckSettings
}
