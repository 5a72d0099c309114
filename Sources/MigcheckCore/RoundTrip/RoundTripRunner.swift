import Foundation

/// Runs the stairway: for each revision, upgrade, snapshot, downgrade, compare with the state at
/// its parents, upgrade again and compare with the state after the first upgrade.
///
/// The database is created for the run and destroyed afterwards, whatever happens. Snapshots are
/// shared between steps: the state after a revision's re-upgrade is the "before" state of the next.
public struct RoundTripRunner {
    /// The loaded project (graph and files).
    public var project: LoadedProject
    /// The absolute path of the Alembic config file.
    public var configPath: String
    /// The ini section.
    public var section: String
    /// Run options.
    public var options: RoundTripOptions
    /// Called before each revision (on the calling thread).
    public var progress: ((RoundTripProgress) -> Void)?

    /// Creates a runner.
    public init(
        project: LoadedProject, configPath: String, section: String, options: RoundTripOptions,
        progress: ((RoundTripProgress) -> Void)? = nil
    ) {
        self.project = project
        self.configPath = configPath
        self.section = section
        self.options = options
        self.progress = progress
    }

    /// Runs the round trip. Throws (could not check) when the database or Python cannot be used.
    public func run() throws -> RoundTripResult {
        let started = Date()
        let plan = StairwayPlan(
            graph: project.graph, from: try resolve(options.from), to: try resolve(options.to),
            upgradeOnly: options.upgradeOnly, irreversible: options.irreversible)
        let database =
            try options.databaseURL.map { try ScratchDatabase.onServer(url: $0) }
            ?? ScratchDatabase.ephemeral(pgBin: options.pgBin)
        defer { database.dispose() }
        var result = RoundTripResult()
        result.databaseSeconds = Date().timeIntervalSince(started)
        let connection = try database.connect()
        let python = PythonInterpreter.choose(
            explicit: options.python,
            configDirectory: URL(fileURLWithPath: configPath).deletingLastPathComponent(),
            repositoryRoot: URL(fileURLWithPath: project.tree.rootPath))
        let driverStarted = Date()
        let driver = try AlembicDriver(
            python: python, configPath: configPath, section: section,
            databaseURL: database.postgresURL.withoutPassword.sqlalchemyURL(), password: database.postgresURL.password,
            urlVariable: options.urlVariable, workingDirectory: options.workingDirectory)
        driver.stepTimeout = options.stepTimeout
        defer { driver.stop() }
        result.driverStartSeconds = Date().timeIntervalSince(driverStarted)
        result.alembicVersion = driver.alembicVersion
        let table = options.versionTableParts
        var session = StairwaySession(
            project: project, driver: driver, connection: connection,
            versionTable: VersionTable(connection: connection, schema: table.schema, name: table.name),
            snapshotOptions: SnapshotOptions(
                excludedSchemas: options.excludedSchemas, versionTable: table,
                includeRoles: options.databaseURL == nil))
        session.data = try makeData(connection, table: table)
        if options.drift == .only {
            result.driftOnly = true
            try upgradeToHeads(driver, session: &session)
        } else {
            let total = plan.steps.count
            for (index, step) in plan.steps.enumerated() {
                progress?(
                    RoundTripProgress(
                        index: index + 1, total: total, revision: step.revision,
                        elapsed: Date().timeIntervalSince(started)))
                try session.visit(step)
            }
        }
        if options.drift != .off {
            let driftStarted = Date()
            result.drift = try compareModels(driver, session: session, plan: plan)
            result.driftSeconds = Date().timeIntervalSince(driftStarted)
            session.findings += result.drift?.findings(project: project) ?? []
        }
        result.findings = session.findings
        result.steps = session.steps
        result.checkedRevisions = options.drift == .only ? 0 : plan.checkedCount
        result.snapshotSeconds = session.snapshotSeconds
        result.snapshotCount = session.snapshotCount
        result.alembicSeconds = session.alembicSeconds
        result.dataSummary = session.data?.summary
        result.dataSeconds = session.data?.seconds ?? 0
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// `--drift-only`: one plain `upgrade heads`; a failure is an `upgrade-failed` finding.
    private func upgradeToHeads(_ driver: AlembicDriver, session: inout StairwaySession) throws {
        let step = try driver.upgrade("heads")
        guard let failure = step.failure?.traceback else { return }
        session.findings.append(
            Finding(
                rule: .upgradeFailed, revision: nil, path: nil,
                message: "upgrade to heads failed: \(failure.type): \(failure.message)"))
    }

    /// The drift comparison, when the database is at the heads; `nil` (with no finding) when the
    /// stairway stopped short of them (a failure, or `--to`).
    private func compareModels(_ driver: AlembicDriver, session: StairwaySession, plan: StairwayPlan) throws -> ModelDriftOutcome? {
        guard options.drift == .only || options.to == nil, !session.findings.contains(where: { $0.rule == .upgradeFailed }) else {
            return nil
        }
        return try driver.drift()
    }

    private func resolve(_ argument: String?) throws -> String? {
        guard let argument else { return nil }
        do {
            return try project.graph.resolve(argument)
        } catch {
            throw ConfigurationError(path: nil, "\(error.message) (in \(project.environment.name))")
        }
    }
}
