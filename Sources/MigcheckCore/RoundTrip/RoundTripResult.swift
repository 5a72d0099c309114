import Foundation

/// What a round trip found: findings for the report and one JUnit case per revision step.
public struct RoundTripResult: Sendable {
    /// Findings, each naming a revision and its file.
    var findings: [Finding] = []
    /// Every step: `upgrade`, `downgrade`, `reupgrade` of each checked revision.
    var steps: [RoundTripStep] = []
    /// How many revisions were checked.
    var checkedRevisions = 0
    /// Seconds the whole run took, database start included.
    var seconds = 0.0
    /// Seconds the database took to become ready.
    var databaseSeconds = 0.0
    /// Seconds spent starting the Python driver (interpreter, Alembic import, config load); when
    /// it started with the private cluster, the wait for it after the database was ready.
    var driverStartSeconds = 0.0
    /// Whether the driver started while the private cluster started.
    var driverStartedWithDatabase = false
    /// Seconds spent taking schema snapshots.
    var snapshotSeconds = 0.0
    /// Number of snapshots taken.
    var snapshotCount = 0
    /// How many of them read only what a step changed (``IncrementalSnapshot``).
    var partialSnapshots = 0
    /// Seconds spent in Alembic commands (inside Python).
    var alembicSeconds = 0.0
    /// How many times the driver ran env.py (``DriverMode``), and in which mode.
    var envRuns = 0
    var driverMode = DriverMode.single
    /// The Alembic version the driver used.
    var alembicVersion = ""
    /// The model-drift comparison, when it ran.
    var drift: ModelDriftOutcome?
    /// Seconds it took.
    var driftSeconds = 0.0
    /// What `--changed` / `--shard` restricted the run to, for the summary.
    var scope: String?
    /// What `--with-data` / `data-dir` did (tables filled, tables that could not be), if used.
    var dataSummary: String?
    /// Seconds spent generating rows, running data files and digesting tables.
    var dataSeconds = 0.0
    /// Whether the run only upgraded to the heads and compared the models (`--drift-only`).
    var driftOnly = false
    /// Of `driverStartSeconds`: importing Alembic, and loading the revision files.
    var driverImportSeconds = 0.0
    var revisionLoadSeconds = 0.0
    /// Seconds of the stairway itself (every step, snapshot and comparison).
    var stairwaySeconds = 0.0
    /// Seconds spent stopping the driver and removing the database.
    var teardownSeconds = 0.0
    /// Whether the base revisions' state came from a saved base state (``BaseStateCache``).
    var baseStateRestored = false
    /// What happened to the saved base state, for the timing line (`nil`: not used).
    var baseStateNote: String?
    /// What to record with the base state this run kept for saving (`nil`: none kept).
    var baseStateRecord: [String: String]?
    /// Why the run stopped before the end (a revision file Alembic cannot import, the driver
    /// died), if it did.
    var stopped: String?

    /// How the checked revisions ended.
    var counts: RoundTripCounts { RoundTripCounts(steps: steps, snapshots: snapshotCount, stopped: stopped) }
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
    public func report(for project: LoadedProject, settings: MigcheckSettings) -> Report {
        let counts = counts
        var detail = counts.sentence + String(format: ", %.1f s", seconds)
        if let drift { detail += "; " + drift.summary }
        if let dataSummary, !dataSummary.isEmpty, !driftOnly { detail += "; " + dataSummary }
        if let scope { detail = steps.isEmpty && !driftOnly ? scope : scope + "; " + detail }
        if driftOnly {
            detail = String(format: "upgraded to the heads without a round trip (--drift-only), %.1f s; ", seconds)
            detail += drift?.summary ?? "model drift not checked: the upgrade failed"
        }
        var summary = Report.EnvironmentSummary(
            name: project.environment.name, revisions: project.graph.order.count, heads: project.graph.heads,
            detail: detail)
        summary.roundTrip = counts
        return Report(command: "roundtrip", findings: settings.apply(findings), environments: [summary])
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

    /// The `MIGCHECK_TIMING=1` lines: where the time went. `startup` is the time from the
    /// process's start to the runner (Swift start-up, reading the project), `report` the time
    /// after it; `wall` the process's age when this is printed (`nil` where it cannot be read).
    /// Every part is listed, so the parts add up to the wall time.
    public func timingSummary(startup: Double?, report: Double, wall: Double?) -> String {
        let python = max(0, driverStartSeconds - driverImportSeconds - revisionLoadSeconds)
        let stairwayOther = max(0, stairwaySeconds - alembicSeconds - snapshotSeconds)
        let accounted = seconds - databaseSeconds - driverStartSeconds - stairwaySeconds - driftSeconds - teardownSeconds
        let driverStart =
            driverStartedWithDatabase
            ? String(
                format:
                    "driver start %.3fs (the wait after the database start, which it overlapped: import alembic %.3fs, load revisions %.3fs)",
                driverStartSeconds, driverImportSeconds, revisionLoadSeconds)
            : String(
                format: "driver start %.3fs (python %.3fs, import alembic %.3fs, load revisions %.3fs)", driverStartSeconds, python,
                driverImportSeconds, revisionLoadSeconds)
        let baseState = baseStateNote.map { "base state: \($0)" }
        var parts = [
            String(format: "database start %.3fs", databaseSeconds) + (baseStateRestored ? " (\(baseState ?? ""))" : ""),
            driverStart,
            String(
                format: "alembic %.3fs (%d env.py run%@, %@ mode)", alembicSeconds, envRuns, envRuns == 1 ? "" : "s", driverMode.rawValue),
            String(
                format: "%d snapshot%@ %.3fs (%d read in part)", snapshotCount, snapshotCount == 1 ? "" : "s", snapshotSeconds,
                partialSnapshots),
            String(format: "driver i/o and version table %.3fs", stairwayOther),
            String(format: "model drift %.3fs", driftSeconds),
            String(format: "data %.3fs", dataSeconds),
            String(format: "connect and other set-up %.3fs", max(0, accounted)),
            String(format: "teardown %.3fs (driver stop, database removal", teardownSeconds)
                + (baseStateRestored ? "" : baseState.map { "; \($0)" } ?? "") + ")",
        ]
        if let startup { parts.insert(String(format: "start-up and project load %.3fs", startup), at: 0) }
        parts.append(String(format: "report %.3fs", report))
        let total = wall ?? ((startup ?? 0) + seconds + report)
        return String(format: "timing: total %.3fs = ", total) + parts.joined(separator: " + ")
    }
}
