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
    /// The driver, when it was started before the runner (``DriverLaunch``); the first run uses
    /// it, a retry starts its own.
    public var driverLaunch: DriverLaunch?

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
        do {
            return try run(stale: nil)
        } catch let stale as BaseStateStale {
            // The restored base state was discarded; this run upgrades through the base again.
            return try run(stale: stale)
        }
    }

    /// ``run()``; `stale` says why a restored base state was just discarded.
    private func run(stale: BaseStateStale?) throws -> RoundTripResult {
        let started = Date()
        var plan = StairwayPlan(
            graph: project.graph, from: try resolve(options.from), to: try resolve(options.to),
            upgradeOnly: options.upgradeOnly, irreversible: options.irreversible)
        if let changed = options.changed { plan = plan.onlyChecking(changed.revisions, in: project.graph) }
        let reportedBase = Set(plan.baseRevisions)
        if let shard = options.shard { plan = plan.slice(shard) }
        if plan.steps.isEmpty, options.drift != .only {
            driverLaunch?.cancel()
            var result = RoundTripResult()
            result.scope = scope(of: plan)
            result.seconds = Date().timeIntervalSince(started)
            return result
        }
        let prelaunched = driverLaunch?.take()
        let python =
            prelaunched?.python ?? DriverLaunch.python(options, configPath: configPath, repositoryRoot: project.tree.rootPath)
        // The driver runs while the database starts: started here (or earlier, `driverLaunch`),
        // Python imports Alembic; given the URL, it loads the revision files (without connecting).
        // No Python: this fails before any database starts.
        let driver = try prelaunched?.driver.get() ?? launch(python)
        let database: ScratchDatabase
        let baseStateKey = baseStateKey(plan, python: python)
        do {
            database =
                try options.databaseURL.map { try ScratchDatabase.onServer(url: $0) }
                ?? ScratchDatabase.ephemeral(pgBin: options.pgBin, baseStateKey: baseStateKey) { driver.connect(to: $0) }
        } catch {
            driver.stop()
            throw error
        }
        if options.databaseURL != nil { driver.connect(to: database.postgresURL) }
        var result: RoundTripResult
        do {
            result = try stairway(
                plan, database, driver: driver, started: started, reportedBase: reportedBase, baseStateKey: baseStateKey,
                overlapped: prelaunched != nil || options.databaseURL == nil)
        } catch {
            driver.stop()
            database.dispose()
            throw error
        }
        let disposing = Date()
        if let record = result.baseStateRecord {
            let why = database.dispose(savingBaseState: record)
            result.baseStateNote = why.map { "not saved: \($0)" } ?? "saved for the next run with this base"
        } else {
            database.dispose()
        }
        if let stale { result.baseStateNote = "saved base state discarded (\(stale.reason)); " + (result.baseStateNote ?? "") }
        result.teardownSeconds += Date().timeIntervalSince(disposing)
        let scopes = [scope(of: plan, restored: result.baseStateRestored), result.scope].compactMap { $0 }
        result.scope = scopes.isEmpty ? nil : scopes.joined(separator: "; ")
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Starts the Alembic driver (``DriverLaunch``).
    private func launch(_ python: String) throws -> AlembicDriver {
        try DriverLaunch.start(python, configPath: configPath, section: section, options: options)
    }

    /// Waits for `driver` (started before the database, given its URL) and walks `plan` on
    /// `database`; the driver is stopped before returning. `overlapped`: whether the driver's
    /// start ran while the database started (or earlier), for the timing line.
    private func stairway(
        _ plan: StairwayPlan, _ database: ScratchDatabase, driver: AlembicDriver, started: Date, reportedBase: Set<String>,
        baseStateKey: String?, overlapped: Bool
    ) throws -> RoundTripResult {
        defer { driver.stop() }
        var result = RoundTripResult()
        result.databaseSeconds = Date().timeIntervalSince(started)
        result.driverMode = options.driverMode
        let connection = try database.connect()
        let driverStarted = Date()
        try driver.waitUntilReady()
        result.driverStartedWithDatabase = overlapped
        result.driverStartSeconds = Date().timeIntervalSince(driverStarted)
        result.driverImportSeconds = driver.importSeconds
        result.revisionLoadSeconds = driver.loadSeconds
        result.alembicVersion = driver.alembicVersion
        if let loadError = driver.loadError {
            // Alembic imports every revision file for every command: nothing can run.
            result.findings = try importFindings(driver, loadError)
            result.steps = notRun(plan.steps, "not run: Alembic cannot import every revision file", failures: result.findings)
            let count = result.findings.count
            result.stopped =
                "round trip not started: Alembic cannot import \(count) revision file\(count == 1 ? "" : "s") and so cannot run any command"
            result.checkedRevisions = plan.checkedCount
            return result
        }
        let table = options.versionTableParts
        var session = StairwaySession(
            project: project, driver: driver, connection: connection,
            versionTable: VersionTable(connection: connection, schema: table.schema, name: table.name),
            snapshotOptions: SnapshotOptions(
                excludedSchemas: options.excludedSchemas.union([SnapshotChangeLog.schema]), versionTable: table,
                includeRoles: options.databaseURL == nil),
            fullSnapshots: options.fullSnapshots)
        session.data = try makeData(connection, table: table)
        let stairwayStarted = Date()
        try setUpBase(plan, session: &session, database: database, saving: baseStateKey, result: &result, reportedBase: reportedBase)
        try walk(plan, session: &session, result: &result, started: started)
        result.stairwaySeconds = Date().timeIntervalSince(stairwayStarted)
        if options.drift != .off, result.stopped == nil {
            let driftStarted = Date()
            try session.removeChangeLog()
            result.drift = try compareModels(driver, session: session, plan: plan)
            result.driftSeconds = Date().timeIntervalSince(driftStarted)
            session.otherFindings += result.drift?.findings(project: project) ?? []
        }
        collect(session, plan: plan, into: &result)
        result.envRuns = driver.envRuns
        let stopping = Date()
        driver.stop()
        result.teardownSeconds = Date().timeIntervalSince(stopping)
        return result
    }

    /// Visits the plan's steps (or, with `--drift-only`, only upgrades to the heads) once its base
    /// revisions are set up; a stop (the driver died) marks the rest as not run.
    private func walk(_ plan: StairwayPlan, session: inout StairwaySession, result: inout RoundTripResult, started: Date) throws {
        if options.drift == .only {
            result.driftOnly = true
            try upgradeToHeads(session.driver, session: &session)
            return
        }
        let total = plan.steps.count
        for (index, step) in plan.steps.enumerated() {
            progress?(
                RoundTripProgress(
                    index: index + 1, total: total, revision: step.revision,
                    elapsed: Date().timeIntervalSince(started)))
            do {
                try session.visit(step)
            } catch let stopped as StairwayStopped {
                session.steps += notRun(Array(plan.steps[(index + 1)...]), stopped.reason)
                result.stopped = stopped.reason
                return
            }
        }
    }

    /// Copies what the session found and measured into `result`.
    private func collect(_ session: StairwaySession, plan: StairwayPlan, into result: inout RoundTripResult) {
        if let first = session.unappliedBase.first {
            let count = session.unappliedBase.count
            result.scope = "\(count) earlier \(count == 1 ? "revision" : "revisions") could not be applied (\(first) first)"
        }
        result.findings = session.findings
        result.steps = session.steps
        result.checkedRevisions = options.drift == .only ? 0 : plan.checkedCount
        result.snapshotSeconds = session.snapshotSeconds
        result.snapshotCount = session.snapshotCount
        result.partialSnapshots = session.snapshots.partialReads
        result.alembicSeconds = session.alembicSeconds
        result.dataSummary = session.data?.summary
        result.dataSeconds = session.data?.seconds ?? 0
    }

    /// `--drift-only`: one plain `upgrade heads`; a failure is an `upgrade-failed` finding.
    private func upgradeToHeads(_ driver: AlembicDriver, session: inout StairwaySession) throws {
        let step = try driver.upgrade("heads")
        guard let failure = step.failure?.traceback else { return }
        session.otherFindings.append(
            Finding(
                rule: .upgradeFailed, revision: nil, path: nil,
                message: "upgrade to heads failed: \(failure.type): \(failure.message)"))
    }

    /// The drift comparison, when the database is at the heads; `nil` (with no finding) when the
    /// stairway stopped short of them (a failure, or `--to`).
    private func compareModels(_ driver: AlembicDriver, session: StairwaySession, plan: StairwayPlan) throws -> ModelDriftOutcome? {
        let reached = Set(plan.baseRevisions + plan.steps.map(\.revision))
        guard options.drift == .only || project.graph.heads.allSatisfy(reached.contains), session.appliedEverything,
            !session.findings.contains(where: { $0.rule == .upgradeFailed })
        else {
            return nil
        }
        return try driver.drift()
    }

    /// What `--changed` and `--shard` left to check, for the summary; `nil` for a full run.
    private func scope(of plan: StairwayPlan, restored: Bool = false) -> String? {
        var parts: [String] = []
        if let changed = options.changed {
            let count = changed.revisions.count
            parts.append(
                count == 0
                    ? "nothing to round-trip: no revision added relative to \(changed.base)"
                    : "\(count) \(count == 1 ? "revision" : "revisions") added relative to \(changed.base)")
        }
        if let shard = options.shard {
            let order = project.graph.upgradeOrder()
            let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0 + 1) })
            let numbers = plan.steps.compactMap { position[$0.revision] }
            parts.append(
                "shard \(shard): "
                    + (numbers.isEmpty
                        ? "nothing to check" : "revisions \(numbers.min()!)–\(numbers.max()!) of \(order.count) in upgrade order"))
        }
        if !plan.baseRevisions.isEmpty, !plan.steps.isEmpty {
            let count = plan.baseRevisions.count
            parts.append(
                "\(count) earlier \(count == 1 ? "revision" : "revisions") "
                    + (restored ? "restored from the base state saved by an earlier run" : "applied unchecked"))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
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
