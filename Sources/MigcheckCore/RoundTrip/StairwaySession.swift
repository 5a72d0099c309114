import Foundation

/// The state of one stairway walk: the current schema snapshot, revisions that could not be
/// applied, and the findings and JUnit cases collected so far.
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

    /// Findings so far.
    var findings: [Finding] = []
    /// JUnit cases so far.
    var testCases: [JUnitXML.TestCase] = []
    /// The schema as it is now, if known (snapshots are shared between steps).
    private var current: SchemaSnapshot?
    /// Revisions that are not applied because they (or an ancestor) failed.
    private var blocked: Set<String> = []
    /// Seconds spent in snapshots, and how many were taken.
    private(set) var snapshotSeconds = 0.0
    private(set) var snapshotCount = 0
    /// Seconds Alembic commands took inside Python.
    private(set) var alembicSeconds = 0.0
    /// Revisions applied so far, in order.
    private var applied: [String] = []

    /// At most this many difference findings per revision and comparison.
    static let differenceLimit = 25

    init(
        project: LoadedProject, driver: AlembicDriver, connection: PGConnection, versionTable: VersionTable,
        snapshotOptions: SnapshotOptions
    ) {
        self.project = project
        self.driver = driver
        self.connection = connection
        self.versionTable = versionTable
        self.snapshotOptions = snapshotOptions
    }

    /// Carries out one step of the plan.
    mutating func visit(_ step: StairwayPlan.Step) throws {
        let id = step.revision
        let node = project.graph.nodes[id]!
        let file = node.file
        if let parent = node.allDownRevisions.first(where: blocked.contains) {
            blocked.insert(id)
            if case .check = step.action {
                for step in ["upgrade", "downgrade", "reupgrade"] {
                    addCase(id, step, 0, .skipped(message: "not applied: \(parent) could not be applied"))
                }
            }
            return
        }
        let checked: Bool
        let downgrade: Bool
        let reason: String?
        switch step.action {
        case .setUp: (checked, downgrade, reason) = (false, false, nil)
        case .check(let d, let r): (checked, downgrade, reason) = (true, d, r)
        }

        // Set-up steps (ancestors of --from) are applied without snapshots.
        let before = checked ? try snapshot() : nil
        let versions = checked ? try versionTable.rows() : []
        let upgrade = try perform(id, downgrade: false)
        if let failure = upgrade.failure {
            let traceback = failure.traceback
            report(
                .upgradeFailed, id, line: file.function("upgrade")?.line,
                "upgrade to \(label(id)) failed: \(traceback.type): \(traceback.message)", traceback: traceback)
            addCase(
                id, "upgrade", upgrade.seconds,
                .failure(
                    message: "\(traceback.type): \(traceback.message)", type: Rule.upgradeFailed.rawValue, details: traceback.traceback))
            if checked {
                addCase(id, "downgrade", 0, .skipped(message: "the upgrade failed"))
                addCase(id, "reupgrade", 0, .skipped(message: "the upgrade failed"))
            }
            blocked.insert(id)
            current = nil
            return
        }
        current = nil
        applied.append(id)
        guard checked else { return }
        addCase(id, "upgrade", upgrade.seconds, .passed)
        let after = try snapshot()
        guard downgrade else {
            addCase(id, "downgrade", 0, .skipped(message: reason ?? "not downgraded"))
            addCase(id, "reupgrade", 0, .skipped(message: reason ?? "not downgraded"))
            return
        }

        let down = try perform(id, downgrade: true)
        current = nil
        switch down.failure {
        case .notImplemented(let traceback):
            report(
                .irreversible, id, line: file.function("downgrade")?.line,
                "the downgrade of \(label(id)) raises NotImplementedError; mark it `# migcheck: irreversible` if it is one-way on purpose",
                traceback: traceback)
            addCase(id, "downgrade", down.seconds, .skipped(message: "downgrade raises NotImplementedError"))
            addCase(id, "reupgrade", 0, .skipped(message: "downgrade raises NotImplementedError"))
            try settle(id, expected: after)
            return
        case .error(let traceback):
            report(
                .downgradeFailed, id, line: file.function("downgrade")?.line,
                "downgrade of \(label(id)) failed: \(traceback.type): \(traceback.message)", traceback: traceback)
            addCase(
                id, "downgrade", down.seconds,
                .failure(
                    message: "\(traceback.type): \(traceback.message)", type: Rule.downgradeFailed.rawValue, details: traceback.traceback))
            addCase(id, "reupgrade", 0, .skipped(message: "the downgrade failed"))
            try settle(id, expected: after)
            return
        case nil:
            break
        }
        if try versionTable.rows() != versions { try versionTable.restore(versions) }
        let downgraded = try snapshot()
        let leftovers = downgraded.differences(from: before!)
        let sentences = leftovers.map { sentence($0, verb: $0.change == .added ? "by the downgrade of" : "after the downgrade of", id) }
        reportDifferences(.downgradeMismatch, id, line: file.function("downgrade")?.line, sentences)
        addCase(
            id, "downgrade", down.seconds,
            sentences.isEmpty
                ? .passed
                : .failure(message: sentences[0], type: Rule.downgradeMismatch.rawValue, details: sentences.joined(separator: "\n")))
        current = nil

        let again = try perform(id, downgrade: false)
        if let failure = again.failure {
            let traceback = failure.traceback
            report(
                .reupgradeFailed, id, line: file.function("upgrade")?.line,
                "upgrading to \(label(id)) again after its downgrade failed: \(traceback.type): \(traceback.message)",
                traceback: traceback)
            addCase(
                id, "reupgrade", again.seconds,
                .failure(
                    message: "\(traceback.type): \(traceback.message)", type: Rule.reupgradeFailed.rawValue, details: traceback.traceback))
            try rebuild(failed: id)
            return
        }
        let reupgraded = try snapshot()
        let drift = reupgraded.differences(from: after)
        let driftSentences = drift.map { sentence($0, verb: "after the downgrade and second upgrade of", id) }
        reportDifferences(.reupgradeFailed, id, line: file.function("upgrade")?.line, driftSentences)
        addCase(
            id, "reupgrade", again.seconds,
            driftSentences.isEmpty
                ? .passed
                : .failure(message: driftSentences[0], type: Rule.reupgradeFailed.rawValue, details: driftSentences.joined(separator: "\n"))
        )
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
        current = nil
        let schemas = try connection.query(
            """
            SELECT nspname FROM pg_namespace
            WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
            """
        ).compactMap { $0.first ?? nil }.filter { !snapshotOptions.excludedSchemas.contains($0) }
        for schema in schemas {
            try connection.execute("DROP SCHEMA \(try connection.quoteIdentifier(schema)) CASCADE")
        }
        try connection.execute("CREATE SCHEMA IF NOT EXISTS public")
        let appliedSet = Set(applied)
        let parents = Set(applied.flatMap { project.graph.nodes[$0]?.allDownRevisions ?? [] })
        for head in applied where !parents.contains(head) && appliedSet.contains(head) {
            if try driver.upgrade(head).failure != nil {
                blocked.insert(failed)
                return
            }
        }
    }

    /// The current snapshot, captured if not known.
    private mutating func snapshot() throws -> SchemaSnapshot {
        if let current { return current }
        let started = Date()
        let snapshot = try SchemaSnapshot.capture(connection, options: snapshotOptions)
        snapshotSeconds += Date().timeIntervalSince(started)
        snapshotCount += 1
        current = snapshot
        return snapshot
    }

    /// Upgrades to or downgrades `id` through the driver, adding the time to `alembicSeconds`.
    private mutating func perform(_ id: String, downgrade: Bool) throws -> DriverStepResult {
        let result = downgrade ? try driver.downgrade(id) : try driver.upgrade(id)
        alembicSeconds += result.seconds
        return result
    }

    /// `3f2a91c0d4e1 (add mood)`.
    private func label(_ id: String) -> String {
        let doc = project.graph.nodes[id]?.file.doc.split(separator: "\n").first.map(String.init) ?? ""
        return doc.isEmpty ? id : "\(id) (\(doc))"
    }

    /// `type public.mood is left behind by the downgrade of 3f2a91c0d4e1 (add mood)`.
    private func sentence(_ difference: SchemaDifference, verb: String, _ id: String) -> String {
        "\(difference.description) \(verb) \(label(id))"
    }

    private mutating func report(_ rule: Rule, _ id: String, line: Int?, _ message: String, traceback: DriverTraceback? = nil) {
        var hint = rule.help
        if let traceback, !traceback.traceback.isEmpty {
            hint += "\nPython traceback (last lines):\n" + traceback.traceback
        }
        findings.append(
            Finding(
                rule: rule, revision: id, path: project.graph.nodes[id]?.file.path, line: line,
                message: message, hint: hint, environment: project.environment.name))
    }

    private mutating func reportDifferences(_ rule: Rule, _ id: String, line: Int?, _ sentences: [String]) {
        for sentence in sentences.prefix(Self.differenceLimit) { report(rule, id, line: line, sentence) }
        if sentences.count > Self.differenceLimit {
            report(rule, id, line: line, "\(sentences.count - Self.differenceLimit) more differences after \(label(id)) are not listed")
        }
    }

    private mutating func addCase(_ id: String, _ step: String, _ seconds: Double, _ outcome: JUnitXML.TestCase.Outcome) {
        testCases.append(
            JUnitXML.TestCase(
                className: "roundtrip.\(id)", name: step,
                file: project.graph.nodes[id]?.file.path, time: seconds, outcome: outcome))
    }
}
