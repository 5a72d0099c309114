import Foundation

/// The state of one stairway walk: the current schema snapshot, revisions that could not be
/// applied, and the step records (each with its findings) collected so far.
struct StairwaySession {
    /// The project being checked.
    let project: LoadedProject
    /// The Alembic driver.
    let driver: AlembicDriver
    /// A libpq connection to the scratch database (snapshots, version table).
    let connection: PGConnection
    /// The version table.
    let versionTable: VersionTable
    /// What snapshots leave out.
    let snapshotOptions: SnapshotOptions

    /// Steps so far, in order, each with the findings it produced.
    var steps: [RoundTripStep] = []
    /// Findings reported for the step being run, attached to its record by `record`.
    private var pending: [Finding] = []
    /// Findings of no step (the model comparison, `--drift-only`'s upgrade to the heads).
    var otherFindings: [Finding] = []
    /// Every finding so far: the steps' (``RoundTripStep/findings(of:)``), then the others.
    var findings: [Finding] { RoundTripStep.findings(of: steps) + pending + otherFindings }
    /// The schema as it is now, if known (snapshots are shared between steps).
    var current: SchemaSnapshot?
    /// The version table's rows as read last, while nothing has written to it since: sent with
    /// the next step, so the driver need not read the table itself (consumed by `perform`).
    private var versionsRead: [String]?
    /// Revisions that are not applied because they (or an ancestor) failed.
    var blocked: Set<String> = []
    /// Seconds spent in snapshots, and how many were taken.
    private(set) var snapshotSeconds = 0.0
    private(set) var snapshotCount = 0
    /// Takes the snapshots, reading only what changed unless `fullSnapshots`.
    private(set) var snapshots: IncrementalSnapshot
    /// `--full-snapshots`: read the whole schema for every snapshot.
    let fullSnapshots: Bool
    /// Seconds Alembic commands took inside Python.
    private(set) var alembicSeconds = 0.0
    /// Revisions applied so far, in order.
    var applied: [String] = []
    /// Whether every revision visited so far is applied (none failed to upgrade).
    var appliedEverything: Bool { blocked.isEmpty }
    /// Base revisions that could not be applied (they or an ancestor failed to upgrade).
    var unappliedBase: [String] = []
    /// Generated rows, data files and row digests (`--with-data`, `data-dir`), if asked for.
    var data: RoundTripData?

    init(
        project: LoadedProject, driver: AlembicDriver, connection: PGConnection, versionTable: VersionTable,
        snapshotOptions: SnapshotOptions, fullSnapshots: Bool = false
    ) {
        self.project = project
        self.driver = driver
        self.connection = connection
        self.versionTable = versionTable
        self.snapshotOptions = snapshotOptions
        self.fullSnapshots = fullSnapshots
        self.snapshots = IncrementalSnapshot(options: snapshotOptions)
    }

    /// Carries out one step of the plan: upgrade, then (for a checked revision) downgrade and
    /// upgrade again, each phase recorded.
    mutating func visit(_ step: StairwayPlan.Step) throws {
        let id = step.revision
        if let parent = project.graph.nodes[id]!.allDownRevisions.first(where: blocked.contains) {
            blocked.insert(id)
            if case .check = step.action { skip(id, RoundTripStep.Phase.allCases, "not applied: \(parent) could not be applied") }
            return
        }
        guard case .check(let downgrade, let reason) = step.action else {
            // Set-up steps (ancestors of --from) are applied without snapshots.
            try data?.beforeUpgrade(id, checked: false)
            _ = try upgradePhase(id, checked: false)
            return
        }
        try data?.beforeUpgrade(id, checked: true)
        let before = try snapshot()
        let versions = try versionTable.rows()
        versionsRead = versions
        guard try upgradePhase(id, checked: true) else { return }
        let after = try snapshot()
        guard downgrade else {
            skip(id, [.downgrade, .reupgrade], reason ?? "not downgraded")
            return
        }
        versionsRead = try versionTable.rows()  // two libpq queries; Alembic's own read costs about a millisecond
        guard try downgradePhase(id, before: before, after: after, versions: versions) else { return }
        try reupgradePhase(id, after: after)
    }

    /// Upgrades to `id`; `false` when that failed (the revision is then blocked, and for a
    /// checked revision the other phases are skipped).
    private mutating func upgradePhase(_ id: String, checked: Bool) throws -> Bool {
        let upgrade = try perform(id, downgrade: false)
        current = nil
        if let failure = upgrade.failure {
            let traceback = failure.traceback
            report(
                .upgradeFailed, id, line: line(id, "upgrade"),
                "upgrade to \(label(id)) failed: \(traceback.type): \(traceback.message)\(data?.describeFailure(traceback) ?? "")",
                traceback: traceback)
            record(id, .upgrade, upgrade.seconds, .raised(.upgradeFailed, traceback))
            if checked { skip(id, [.downgrade, .reupgrade], "the upgrade failed") }
            blocked.insert(id)
            return false
        }
        applied.append(id)
        if checked { record(id, .upgrade, upgrade.seconds, .passed) }
        return true
    }

    /// Downgrades `id` and compares the schema with `before`; `false` when the downgrade raised
    /// (the re-upgrade is then skipped and the database settled).
    private mutating func downgradePhase(_ id: String, before: SchemaSnapshot, after: SchemaSnapshot, versions: [String]) throws -> Bool {
        let down = try perform(id, downgrade: true)
        current = nil
        if let failure = down.failure {
            let traceback = failure.traceback
            if project.graph.nodes[id]?.file.downgrade == .raises {
                // Only raises: one-way by intent (the same classifier as missing-downgrade).
                report(
                    .irreversible, id, line: line(id, "downgrade"),
                    "the downgrade of \(label(id)) only raises \(traceback.type)\(traceback.message.isEmpty ? "" : ": \(traceback.message)"); the revision is one-way but not marked `# migcheck: irreversible`"
                )  // no traceback: the raise is the whole downgrade
                record(id, .downgrade, down.seconds, .skipped("the downgrade only raises \(traceback.type)"))
                skip(id, [.reupgrade], "the downgrade only raises \(traceback.type)")
            } else {
                report(
                    .downgradeFailed, id, line: line(id, "downgrade"),
                    "downgrade of \(label(id)) failed: \(traceback.type): \(traceback.message)\(data?.describeFailure(traceback) ?? "")",
                    traceback: traceback)
                record(id, .downgrade, down.seconds, .raised(.downgradeFailed, traceback))
                skip(id, [.reupgrade], "the downgrade failed")
            }
            try settle(id, expected: after)
            return false
        }
        let rows = try versionTable.rows()
        if rows != versions { try versionTable.restore(versions) }
        let leftovers = try snapshot().differences(from: before)
        let (rule, sentences) = reportDifferences(
            .downgradeMismatch, id, line: line(id, "downgrade"), leftovers, by: "by the downgrade of", after: "after the downgrade of")
        for change in try data?.afterDowngrade(id) ?? [] {
            report(
                .dataNotRestored, id, line: line(id, "downgrade"),
                "rows of \(change.table) not restored by the downgrade of \(label(id)): \(change.detail)")
        }
        record(id, .downgrade, down.seconds, .compared(rule, sentences))
        current = nil
        versionsRead = rows == versions ? rows : nil
        return true
    }

    /// Upgrades `id` again and compares the schema with the first upgrade's.
    private mutating func reupgradePhase(_ id: String, after: SchemaSnapshot) throws {
        let again = try perform(id, downgrade: false)
        if let failure = again.failure {
            let traceback = failure.traceback
            report(
                .reupgradeFailed, id, line: line(id, "upgrade"),
                "upgrading to \(label(id)) again after its downgrade failed: \(traceback.type): \(traceback.message)",
                traceback: traceback)
            record(id, .reupgrade, again.seconds, .raised(.reupgradeFailed, traceback))
            try rebuild(failed: id)
            return
        }
        let drift = try snapshot().differences(from: after)
        let phase = "after the downgrade and second upgrade of"
        let (rule, sentences) = reportDifferences(.reupgradeMismatch, id, line: line(id, "upgrade"), drift, by: phase, after: phase)
        record(id, .reupgrade, again.seconds, .compared(rule, sentences))
    }

    /// After a failed downgrade: continue if the schema is still the upgraded one, else rebuild.
    private mutating func settle(_ id: String, expected: SchemaSnapshot) throws {
        let now = try snapshot()
        if now != expected { try rebuild(failed: id) }
    }

    /// Puts the database back into the state "every applied revision upgraded once": empties it
    /// (every schema that is not a system or excluded schema is dropped) and upgrades to the heads
    /// of the applied revisions again. Later revisions are then checked from a clean state instead
    /// of inheriting the leftovers of `failed`. If that fails, `failed` and its descendants are
    /// not checked.
    private mutating func rebuild(failed: String) throws {
        try emptyDatabase()
        let appliedSet = Set(applied)
        let parents = Set(applied.flatMap { project.graph.nodes[$0]?.allDownRevisions ?? [] })
        for head in applied where !parents.contains(head) && appliedSet.contains(head) {
            if try driver.upgrade(head).failure != nil {
                blocked.insert(failed)
                return
            }
        }
    }

    /// `MIGCHECK_VERIFY_SNAPSHOTS=1` (for the equivalence tests): every snapshot of what changed
    /// is compared with a full snapshot of the same state, and the run stops (exit 2) at the first
    /// difference.
    static let verifySnapshots = ProcessInfo.processInfo.environment["MIGCHECK_VERIFY_SNAPSHOTS"] == "1"

    /// The current snapshot, captured if not known.
    private mutating func snapshot() throws -> SchemaSnapshot {
        if let current { return current }
        let started = Date()
        let snapshot =
            fullSnapshots ? try SchemaSnapshot.capture(connection, options: snapshotOptions) : try snapshots.capture(connection)
        snapshotSeconds += Date().timeIntervalSince(started)
        snapshotCount += 1
        if !fullSnapshots, Self.verifySnapshots {
            try IncrementalSnapshot.verify(snapshot, connection, options: snapshotOptions, after: steps.last)
        }
        current = snapshot
        return snapshot
    }

    /// Removes the snapshots' DDL log (``SnapshotChangeLog``) before the model comparison.
    mutating func removeChangeLog() throws {
        try snapshots.removeChangeLog(connection)
        current = nil
    }

    /// Upgrades to or downgrades `id` through the driver, adding the time to `alembicSeconds`;
    /// `unchecked`: see ``AlembicDriver/upgrade(_:versions:unchecked:)``.
    mutating func perform(_ id: String, downgrade: Bool, unchecked: Bool = false) throws -> DriverStepResult {
        let result: DriverStepResult
        let versions = versionsRead
        versionsRead = nil
        do {
            result =
                downgrade ? try driver.downgrade(id, versions: versions) : try driver.upgrade(id, versions: versions, unchecked: unchecked)
        } catch let exited as DriverExited {
            try reportExit(exited, id, downgrade: downgrade)
        }
        alembicSeconds += result.seconds
        return result
    }

    /// `3f2a91c0d4e1 (add mood)`.
    func label(_ id: String) -> String {
        let doc = project.graph.nodes[id]?.file.doc.split(separator: "\n").first.map(String.init) ?? ""
        return doc.isEmpty ? id : "\(id) (\(doc))"
    }

    /// `type public.mood is left behind by the downgrade of 3f2a91c0d4e1 (add mood)`.
    private func sentence(_ difference: SchemaDifference, verb: String, _ id: String) -> String {
        "\(difference.description) \(verb) \(label(id))"
    }

    mutating func report(
        _ rule: Rule, _ id: String, line: Int?, _ message: String, traceback: DriverTraceback? = nil, hint: String? = nil,
        rank: Int = 0, details: [String]? = nil
    ) {
        var hint = hint ?? rule.help
        if let traceback, !traceback.traceback.isEmpty {
            hint += "\nPython traceback (last lines):\n" + traceback.traceback
        }
        pending.append(
            Finding(
                rule: rule, revision: id, path: project.graph.nodes[id]?.file.path, line: line,
                message: message, hint: hint, environment: project.environment.name, details: details, rank: rank))
    }

    /// Reports one comparison: a `rule` finding for every difference other than column positions
    /// (most significant first; none is left out) and one `column-order` finding per table whose
    /// columns moved, with each move as a detail. `by` introduces the revision for objects left
    /// behind, `after` for the rest. Returns the rule of the first finding (for the step record)
    /// and every sentence, each position change included.
    private mutating func reportDifferences(
        _ rule: Rule, _ id: String, line: Int?, _ differences: [SchemaDifference], by: String, after: String
    ) -> (Rule, [String]) {
        let (summaries, others) = ColumnOrderSummary.split(differences)
        var sentences: [String] = []
        for difference in others {
            let text = sentence(difference, verb: difference.change == .added ? by : after, id)
            report(rule, id, line: line, text, hint: Self.hint(rule, difference.change), rank: difference.significance)
            sentences.append(text)
        }
        for summary in summaries {
            let details = summary.changes.map { sentence($0, verb: after, id) }
            let verb = summary.recreated ? by : after
            report(
                .columnOrder, id, line: line, "\(summary.subject) \(verb) \(label(id))\(summary.tail)",
                rank: SchemaDifference.positionSignificance, details: details)
            sentences.append(contentsOf: details)
        }
        return (others.isEmpty && !summaries.isEmpty ? .columnOrder : rule, sentences)
    }

    /// Records how a phase of `id` ended, with the findings reported since the last record.
    mutating func record(_ id: String, _ phase: RoundTripStep.Phase, _ seconds: Double, _ outcome: RoundTripStep.Outcome) {
        steps.append(
            RoundTripStep(
                revision: id, phase: phase, seconds: seconds, outcome: outcome, path: project.graph.nodes[id]?.file.path,
                findings: pending))
        pending = []
    }

    /// Records `phases` of `id` as skipped for `reason`.
    private mutating func skip(_ id: String, _ phases: [RoundTripStep.Phase], _ reason: String) {
        for phase in phases { record(id, phase, 0, .skipped(reason)) }
    }

    /// The line of `function`'s `def` in `id`'s file.
    func line(_ id: String, _ function: String) -> Int? {
        project.graph.nodes[id]?.file.function(function)?.line
    }
}
