import Foundation

/// A saved base state that turned out not to match this run (another Alembic, SQLAlchemy or
/// Python, or version rows other than those it was saved with): the run starts again without it.
struct BaseStateStale: Error, CustomStringConvertible {
    /// What differed.
    var reason: String

    var description: String { "the saved base state does not match this run: \(reason)" }
}

/// The saved base state of `--changed` and `--shard` runs (``BaseStateCache``): which key a run
/// uses, checking a restored one, and keeping a fresh one for the next run.
extension RoundTripRunner {
    /// The key of `plan`'s base state when one may be restored or saved: private cluster, revisions
    /// applied unchecked before checked steps, and not turned off (`--no-base-cache`).
    func baseStateKey(_ plan: StairwayPlan, python: String) -> String? {
        guard options.baseStateCache, options.databaseURL == nil, !plan.baseRevisions.isEmpty, !plan.steps.isEmpty,
            options.drift != .only
        else { return nil }
        return try? BaseStateKey.digest(
            project: project, baseRevisions: plan.baseRevisions, configPath: configPath, section: section, python: python,
            options: options)
    }

    /// What a saved base state records about the run that made it: the driver's versions, and the
    /// version table's rows.
    static func baseStateRecord(_ driver: AlembicDriver, versionRows: [String]) -> [String: String] {
        [
            "python": driver.pythonVersion, "alembic": driver.alembicVersion, "sqlalchemy": driver.sqlalchemyVersion,
            "version_table": versionRows.joined(separator: " "),
        ]
    }

    /// Throws ``BaseStateStale`` unless the restored base state was made by the same Python,
    /// Alembic and SQLAlchemy and its version table holds the rows it was saved with.
    func checkRestoredBaseState(_ database: ScratchDatabase, driver: AlembicDriver, versionTable: VersionTable) throws {
        let recorded = database.baseStateRecord ?? [:]
        let now = Self.baseStateRecord(driver, versionRows: try versionTable.rows())
        if let key = now.keys.sorted().first(where: { recorded[$0] != now[$0] }) {
            throw BaseStateStale(reason: "\(key) \(recorded[key] ?? "unknown") when saved, \(now[key] ?? "unknown") now")
        }
    }

    /// Applies `plan`'s base revisions, or takes them as restored after checking the restored
    /// state (``BaseStateStale``, the entry discarded, when it does not match); then, when this
    /// run may save the base state and the plain upgrades applied them all, keeps a copy to save
    /// at the end.
    func setUpBase(
        _ plan: StairwayPlan, session: inout StairwaySession, database: ScratchDatabase, saving key: String?,
        result: inout RoundTripResult, reportedBase: Set<String>
    ) throws {
        let restored = database.usedBaseState
        if restored {
            do {
                try checkRestoredBaseState(database, driver: session.driver, versionTable: session.versionTable)
            } catch {
                database.discardBaseState()
                throw error
            }
        }
        let plain = try session.setUpBase(
            plan.baseRevisions, heads: plan.baseHeads(in: project.graph), reported: reportedBase, restored: restored)
        if restored {
            result.baseStateRestored = true
            result.baseStateNote = "restored from the saved base state"
            return
        }
        guard key != nil, plain, database.baseStateEntry != nil else { return }
        try? session.driver.endEnvRun()  // a driver that died is reported by the next step
        let rows = try session.versionTable.rows()
        if let why = try database.keepBaseState(connection: session.connection) {
            result.baseStateNote = "not saved: \(why)"
        } else {
            result.baseStateRecord = Self.baseStateRecord(session.driver, versionRows: rows)
        }
    }
}
