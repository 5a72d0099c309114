import Foundation

/// What a round trip found: findings for the report and one JUnit case per revision step.
public struct RoundTripResult: Sendable {
    /// Findings, each naming a revision and its file.
    public var findings: [Finding] = []
    /// Every step: `upgrade`, `downgrade`, `reupgrade` of each checked revision.
    public var steps: [RoundTripStep] = []
    /// How many revisions were checked.
    public var checkedRevisions = 0
    /// Seconds the whole run took, database start included.
    public var seconds = 0.0
    /// Seconds the database took to become ready.
    public var databaseSeconds = 0.0
    /// Seconds spent starting the Python driver (interpreter, Alembic import, config load).
    public var driverStartSeconds = 0.0
    /// Seconds spent taking schema snapshots.
    public var snapshotSeconds = 0.0
    /// Number of snapshots taken.
    public var snapshotCount = 0
    /// Seconds spent in Alembic commands (inside Python).
    public var alembicSeconds = 0.0
    /// The Alembic version the driver used.
    public var alembicVersion = ""
    /// The model-drift comparison, when it ran.
    public var drift: ModelDriftOutcome?
    /// Seconds it took.
    public var driftSeconds = 0.0
    /// What `--with-data` / `data-dir` did (tables filled, tables that could not be), if used.
    public var dataSummary: String?
    /// Seconds spent generating rows, running data files and digesting tables.
    public var dataSeconds = 0.0
    /// Whether the run only upgraded to the heads and compared the models (`--drift-only`).
    public var driftOnly = false
}

/// Progress of a running round trip, for a TTY status line.
public struct RoundTripProgress: Sendable {
    /// 1-based index of the revision being checked.
    public var index: Int
    /// Number of revisions to visit.
    public var total: Int
    /// The revision id.
    public var revision: String
    /// Seconds since the run started.
    public var elapsed: Double
}

extension RoundTripResult {
    /// The report for `project`: findings with `settings`' severities (strict applied), and one
    /// environment summary saying what was round-tripped.
    public func report(for project: LoadedProject, settings: MigcheckSettings, upgradeOnly: Bool) -> Report {
        var detail = String(
            format: "%d round-tripped (%@), %d schema snapshots compared, %.1f s", checkedRevisions,
            upgradeOnly ? "upgrade only" : "upgrade, downgrade, upgrade", snapshotCount, seconds)
        if let drift { detail += "; " + drift.summary }
        if let dataSummary, !dataSummary.isEmpty, !driftOnly { detail += "; " + dataSummary }
        if driftOnly {
            detail = String(format: "upgraded to the heads without a round trip (--drift-only), %.1f s; ", seconds)
            detail += drift?.summary ?? "model drift not checked: the upgrade failed"
        }
        return Report(
            command: "roundtrip", findings: settings.apply(findings),
            environments: [
                Report.EnvironmentSummary(
                    name: project.environment.name, revisions: project.graph.order.count, heads: project.graph.heads,
                    detail: detail)
            ])
    }

    /// The `--junit` document: one suite for the environment, one case per step.
    public func junitDocument(environment: String) -> JUnitXML {
        JUnitXML.roundTrip(steps, environment: environment)
    }

    /// The `MIGCHECK_TIMING=1` line: where the time went.
    public var timingSummary: String {
        String(
            format: "timing: total %.3fs, database %.3fs, driver start %.3fs, alembic %.3fs, %d snapshots %.3fs, drift %.3fs, data %.3fs",
            seconds, databaseSeconds, driverStartSeconds, alembicSeconds, snapshotCount, snapshotSeconds, driftSeconds, dataSeconds)
    }
}
