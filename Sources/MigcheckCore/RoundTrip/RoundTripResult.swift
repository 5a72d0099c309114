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
        let detail = String(
            format: "%d round-tripped (%@), %d schema snapshots compared, %.1f s", checkedRevisions,
            upgradeOnly ? "upgrade only" : "upgrade, downgrade, upgrade", snapshotCount, seconds)
        return Report(
            command: "roundtrip", findings: settings.apply(findings),
            environments: [
                Report.EnvironmentSummary(
                    name: project.environment.name, revisions: project.graph.order.count, heads: project.graph.heads,
                    detail: detail)
            ])
    }

    /// The `--junit` document: one suite for the environment, one case per step; a step that
    /// failed only by a rule `settings` turn off (`column-order = "off"`) passes.
    public func junitDocument(environment: String, settings: MigcheckSettings = MigcheckSettings()) -> JUnitXML {
        let steps = steps.map { step -> RoundTripStep in
            guard case .failed(let rule, _, _) = step.outcome, case .some(.none) = settings.severities[rule] else { return step }
            var passed = step
            passed.outcome = .passed
            return passed
        }
        return JUnitXML.roundTrip(steps, environment: environment)
    }

    /// The `MIGCHECK_TIMING=1` line: where the time went.
    public var timingSummary: String {
        String(
            format: "timing: total %.3fs, database %.3fs, driver start %.3fs, alembic %.3fs, %d snapshots %.3fs",
            seconds, databaseSeconds, driverStartSeconds, alembicSeconds, snapshotCount, snapshotSeconds)
    }
}
