import Foundation
import MigcheckCore
import Testing

/// The driver's single-run mode (one env.py run for the stairway) reports exactly what per-step
/// mode (one env.py run per step) reports: on the planted faults, on generated projects of every
/// template and driver with every `--plant` and `--fault`, and on Alembic 1.4; and it falls back
/// where one run cannot be used (multidb, env.py holding its own transaction, `SET` in a migration).
@Suite("Round trip: single env.py run and per-step mode agree")
struct RoundTripDriverModeTests {
    /// One run's result and how many env.py runs it took (from the `MIGCHECK_TIMING` line).
    struct ModeRun {
        var run: RoundTripRun
        var envRuns: Int
    }

    /// Runs `migcheck roundtrip --format json` in `mode` with the timing line on.
    func run(_ project: GeneratedProject, _ mode: String, python: String = TestEnvironment.python) throws -> ModeRun {
        let result = try TestEnvironment.runMigcheck(
            ["roundtrip", "--format", "json", "--python", python, "--driver-mode", mode], in: project.directory,
            environment: ["TMPDIR": project.tmp.path, "MIGCHECK_TIMING": "1"])
        let timing = result.stderrText.split(separator: "\n").first { $0.contains("timing: total ") } ?? ""
        let runs = timing.components(separatedBy: " env.py run").first?.split(separator: "(").last.flatMap { Int($0) } ?? -1
        #expect(result.status == 2 || timing.contains("\(mode) mode"), "\(result.stderrText)")
        return ModeRun(run: RoundTripRun(result: result), envRuns: runs)
    }

    /// Everything a finding says, traceback included, as one comparable line.
    func lines(_ run: RoundTripRun) -> [String] {
        run.findings.map {
            [
                $0.rule, $0.severity, $0.revision ?? "-", $0.path ?? "-", $0.message, $0.hint ?? "-",
                ($0.details ?? []).joined(separator: "|"),
            ]
            .joined(separator: " ¦ ")
        }
    }

    /// Runs `project` in both modes and expects the same status, findings and counts; returns both.
    @discardableResult
    func expectSame(_ project: GeneratedProject, python: String = TestEnvironment.python, _ label: String) throws -> (
        single: ModeRun, perStep: ModeRun
    ) {
        let single = try run(project, "single", python: python)
        let perStep = try run(project, "per-step", python: python)
        Self.expectSameReports(single.run, perStep.run, "\(label) (single, per-step)")
        #expect(single.envRuns >= 0 && single.envRuns <= perStep.envRuns, "\(label): \(single.envRuns) vs \(perStep.envRuns)")
        return (single, perStep)
    }

    /// Expects two runs of one project to end alike: status, every finding line, counts.
    static func expectSameReports(
        _ first: RoundTripRun, _ second: RoundTripRun, _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let lines = RoundTripDriverModeTests().lines
        #expect(
            first.result.status == second.result.status, "\(label): \(first.transcript)\n\(second.transcript)",
            sourceLocation: sourceLocation)
        #expect(lines(first) == lines(second), "\(label): \(lines(first))\n\(lines(second))", sourceLocation: sourceLocation)
        #expect(first.counts == second.counts, "\(label)", sourceLocation: sourceLocation)
    }

    /// A project whose revisions after the first each carry one of ``RoundTripFaultTests/faults``.
    static func plantedFaultsProject(seed: Int = 7) throws -> GeneratedProject {
        let faults = RoundTripFaultTests.faults
        let project = try GeneratedProject(["--revisions", "\(faults.count + 1)", "--env", "psycopg2", "--seed", "\(seed)"])
        for (fault, revision) in zip(faults, try project.upgradeOrder().dropFirst()) {
            try project.rewrite(revision, upgrade: fault.upgrade, downgrade: fault.downgrade, header: fault.header)
        }
        return project
    }

    @Test("every planted fault of RoundTripFaultTests is reported alike, with fewer env.py runs")
    func plantedFaults() throws {
        let project = try Self.plantedFaultsProject()
        defer { project.remove() }
        let (single, perStep) = try expectSame(project, "planted faults")
        #expect(single.run.result.status == 1)
        #expect(single.run.findings.count >= 12)
        // A run ends at each failure, and most faults here leave objects behind that make the
        // second upgrade fail, so the database is rebuilt (one multi-revision upgrade, per step).
        #expect(single.envRuns < perStep.envRuns, "\(single.envRuns) vs \(perStep.envRuns)")
    }

    /// Generator arguments: every template, every driver, every `--plant` and `--fault`.
    static let corpus: [[String]] = [
        ["--revisions", "14", "--env", "psycopg", "--seed", "31"] + PlantKind.all.flatMap { ["--plant", $0] },
        ["--template", "async", "--revisions", "10", "--branches", "2", "--seed", "32"] + ["--plant", "lost-objects"],
        ["--template", "alembic-1.0", "--revisions", "10", "--heads", "2", "--bases", "2", "--seed", "34"],
        ["--template", "alembic-1.11", "--revisions", "10", "--env", "asyncpg", "--seed", "35", "--plant", "raise-runtime"],
        ["--template", "generic", "--revisions", "10", "--branches", "2", "--depends-on", "2", "--seed", "36"],
        ["--revisions", "8", "--env", "asyncpg", "--seed", "37", "--plant", "column-order", "--plant", "noop-upgrade"],
        ["--template", "superset", "--revisions", "10", "--branches", "2", "--seed", "38"],
        ["--revisions", "8", "--env", "psycopg2", "--seed", "39", "--fault", "driver-exit:5"],
        ["--revisions", "6", "--env", "psycopg2", "--seed", "40", "--fault", "import-raises:3"],
        ["--revisions", "6", "--env", "psycopg2", "--seed", "41", "--fault", "import-missing-package:2"],
        ["--revisions", "6", "--env", "psycopg2", "--seed", "42", "--fault", "import-syntax-error:4"],
    ]

    /// The generator's `--plant` kinds.
    enum PlantKind {
        static let all = ["column-order", "lost-objects", "noop-upgrade", "raise-bare", "raise-runtime"]
    }

    @Test("the corpus: every template, driver, plant and fault", arguments: corpus)
    func corpusProject(_ arguments: [String]) throws {
        let project = try GeneratedProject(arguments)
        defer { project.remove() }
        try expectSame(project, arguments.joined(separator: " "))
    }

    @Test("the multidb template (run_migrations() twice per env.py run) falls back to per-step mode")
    func multidbFallsBack() throws {
        let project = try GeneratedProject(["--template", "multidb", "--revisions", "6", "--seed", "33"])
        defer { project.remove() }
        let (single, perStep) = try expectSame(project, "multidb")
        // Both engines point at the one scratch database, so the second engine's version table
        // is the only thing reported (per-step mode reports it alike).
        #expect(
            single.run.findings.allSatisfy { $0.message.hasPrefix("table public.alembic_version_engine2 ") }, "\(single.run.transcript)")
        #expect(single.envRuns == perStep.envRuns, "one env.py run per step after the first")
    }

    @Test("Alembic 1.4 with SQLAlchemy 1.3: both modes agree")
    func alembic14() throws {
        let project = try GeneratedProject(
            ["--template", "alembic-1.0", "--revisions", "10", "--env", "psycopg2", "--seed", "43", "--plant", "lost-objects"])
        defer { project.remove() }
        let (single, perStep) = try expectSame(project, python: TestEnvironment.pythonAlembic14, "alembic 1.4")
        #expect(single.run.result.status == 1, "\(single.run.transcript)")
        #expect(single.envRuns * 3 < perStep.envRuns, "\(single.envRuns) vs \(perStep.envRuns)")
    }

    /// Without the driver's check that a step left no transaction open, nothing is committed
    /// before env.py ends and this run hangs (tried: killed after 5 minutes).
    @Test("env.py that begins its own transaction: each step is still committed before its snapshot")
    func externalTransaction() throws {
        let project = try GeneratedProject(["--revisions", "6", "--env", "psycopg2", "--seed", "44"])
        defer { project.remove() }
        let env = project.directory.appendingPathComponent("migrations/env.py")
        let text = try String(contentsOf: env, encoding: .utf8)
        try #require(text.contains("with connectable.connect() as connection:"), "\(text)")
        try text.replacingOccurrences(of: "with connectable.connect() as connection:", with: "with connectable.begin() as connection:")
            .write(to: env, atomically: true, encoding: .utf8)
        let order = try project.upgradeOrder()
        try project.rewrite(order[2], upgrade: "op.create_table('x_left', sa.Column('id', sa.Integer()))", downgrade: "pass")
        let (single, perStep) = try expectSame(project, "engine.begin()")
        #expect(single.run.findings.map(\.message).contains { $0.contains("table public.x_left is left behind") })
        #expect(single.envRuns == perStep.envRuns, "the single run ends at its first step and is not used again")
    }

    @Test("a migration that runs SET: the next step starts in a new env.py run, as per step")
    func sessionSetting() throws {
        let project = try GeneratedProject(["--revisions", "5", "--env", "psycopg", "--seed", "45"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try project.rewrite(
            order[1],
            upgrade: "op.execute('CREATE SCHEMA other')\nop.execute('SET search_path TO other, public')",
            downgrade: "op.execute('DROP SCHEMA other CASCADE')")
        // Had the next revision inherited the connection's search_path, its table would be
        // created in `other`, and its downgrade, which names `public`, would fail.
        try project.rewrite(
            order[2], upgrade: "op.create_table('t_after_set', sa.Column('id', sa.Integer()))",
            downgrade: "op.drop_table('t_after_set', schema='public')")
        let (single, perStep) = try expectSame(project, "SET search_path")
        #expect(single.run.result.status == 0, "\(single.run.transcript)")
        #expect(single.envRuns < perStep.envRuns)
    }

    @Test("--per-step is --driver-mode per-step; an unknown mode or a contradiction is a usage error")
    func modeFlags() throws {
        let project = try GeneratedProject(["--revisions", "2", "--env", "psycopg2", "--seed", "46"])
        defer { project.remove() }
        for bad in [["--driver-mode", "both"], ["--per-step", "--driver-mode", "single"]] {
            let result = try TestEnvironment.runMigcheck(["roundtrip"] + bad, in: project.directory)
            #expect(result.status == 64, "\(bad): \(result.stderrText)")
            #expect(result.stderrText.contains("--driver-mode"), "\(result.stderrText)")
        }
        let perStep = try TestEnvironment.runMigcheck(
            ["roundtrip", "--per-step", "--python", TestEnvironment.python], in: project.directory,
            environment: ["TMPDIR": project.tmp.path, "MIGCHECK_TIMING": "1"])
        #expect(perStep.status == 0, "\(perStep.stderrText)")
        #expect(perStep.stderrText.contains("(6 env.py runs, per-step mode)"), "\(perStep.stderrText)")
    }
}
