import Foundation
import MigcheckCore
import Testing

/// `roundtrip --changed` (only the revisions a branch adds, on top of the base's state reached by
/// plain upgrades) and `roundtrip --shard K/N` (slices whose union is the full run), on generated
/// projects in real git repositories with real Alembic and PostgreSQL.
@Suite("Round trip: --changed and --shard")
struct RoundTripScopeTests {
    /// Runs git in `directory` with the isolated test environment.
    static func git(_ arguments: [String], in directory: URL) throws {
        let result = try ProcessRunner.run(
            "git", ["-c", "user.email=t@example.com", "-c", "user.name=t"] + arguments,
            environment: TestEnvironment.isolated(), directory: directory)
        try #require(result.status == 0, "git \(arguments): \(result.stderrText)")
    }

    /// A generated project committed on `main`, with `feature` checked out.
    static func repository(_ generator: [String]) throws -> GeneratedProject {
        let project = try GeneratedProject(generator)
        try git(["init", "-q", "-b", "main", "."], in: project.directory)
        try git(["add", "-A"], in: project.directory)
        try git(["commit", "-q", "-m", "base"], in: project.directory)
        try git(["checkout", "-q", "-b", "feature"], in: project.directory)
        return project
    }

    /// Writes revision `id` on top of `parents`; its downgrade leaves its table behind when `faulty`.
    static func addRevision(_ id: String, parents: [String], to project: GeneratedProject, faulty: Bool = false) throws {
        try revisionText(id, parents: parents, dropsTable: !faulty)
            .write(to: project.directory.appendingPathComponent("migrations/versions/\(id)_add.py"), atomically: true, encoding: .utf8)
    }

    /// The summary detail of a JSON run.
    static func detail(_ run: RoundTripRun) -> String {
        let object = try? JSONSerialization.jsonObject(with: run.result.stdout) as? [String: Any]
        let environments = (object?["summary"] as? [String: Any])?["environments"] as? [[String: Any]]
        return environments?.first?["detail"] as? String ?? ""
    }

    @Test func nothingAddedIsNothingToDo() throws {
        let project = try Self.repository(["--revisions", "4", "--seed", "11"])
        defer { project.remove() }
        let run = try project.roundTrip(["--changed", "--base", "main"])
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(Self.detail(run).hasPrefix("nothing to round-trip: no revision added relative to main"), "\(run.transcript)")
        let text = try TestEnvironment.runMigcheck(
            ["roundtrip", "--changed", "--base", "main", "--python", TestEnvironment.python], in: project.directory)
        #expect(text.status == 0 && text.stdoutText.contains("nothing to round-trip"), "\(text.stdoutText)\(text.stderrText)")
    }

    @Test func onlyTheAddedRevisionsAreChecked() throws {
        let project = try Self.repository(["--revisions", "8", "--seed", "12"])
        defer { project.remove() }
        // A fault in a base revision, committed on main before the branch: --changed must not see it.
        let order = try project.upgradeOrder()
        try project.rewrite(order[3], upgrade: "op.create_table('f_base', sa.Column('id', sa.Integer()))", downgrade: "pass")
        try Self.git(["commit", "-q", "-am", "fault on main"], in: project.directory)
        let full = try project.roundTrip()
        #expect(!full.findings(of: order[3]).isEmpty, "the planted base fault is real: \(full.transcript)")

        try Self.addRevision("aa01", parents: [order.last!], to: project, faulty: true)
        let one = try project.roundTrip(["--changed", "--base", "main"])
        #expect(one.result.status == 1, "\(one.transcript)")
        #expect(Set(one.findings.compactMap(\.revision)) == ["aa01"], "\(one.transcript)")
        #expect(Self.detail(one).hasPrefix("1 revision added relative to main (merge base"), "\(Self.detail(one))")
        #expect(Self.detail(one).contains("8 earlier revisions applied unchecked"), "\(Self.detail(one))")

        try Self.addRevision("aa02", parents: ["aa01"], to: project)
        try Self.git(["add", "-A"], in: project.directory)
        try Self.git(["commit", "-q", "-m", "two revisions"], in: project.directory)
        let two = try project.roundTrip(["--changed", "--base", "main"])
        #expect(Set(two.findings.compactMap(\.revision)) == ["aa01"], "\(two.transcript)")
        #expect(Self.detail(two).hasPrefix("2 revisions added"), "\(Self.detail(two))")
    }

    @Test func aMergeRevisionIsChecked() throws {
        let project = try Self.repository(["--revisions", "6", "--heads", "2", "--seed", "13"])
        defer { project.remove() }
        let heads = try project.load().graph.heads
        try #require(heads.count == 2)
        let merge = try TestEnvironment.runMigcheck(["merge", "heads", "-m", "merge heads", "--rev-id", "mm01"], in: project.directory)
        try #require(merge.status == 0, "\(merge.stderrText)")
        let run = try project.roundTrip(["--changed", "--base", "main"])
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(Self.detail(run).hasPrefix("1 revision added relative to main"), "\(Self.detail(run))")
        #expect(Self.detail(run).contains("1 round-tripped"), "\(Self.detail(run))")
    }

    @Test func shardsTogetherAreTheFullRun() throws {
        let project = try GeneratedProject(["--revisions", "14", "--branches", "2", "--seed", "14"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        let faulty = order[order.count / 2]
        try project.rewrite(faulty, upgrade: "op.create_table('f_shard', sa.Column('id', sa.Integer()))", downgrade: "pass")
        let full = try project.roundTrip()
        #expect(full.result.status == 1, "\(full.transcript)")
        func key(_ item: RoundTripRun.Item) -> String { "\(item.rule) \(item.revision ?? "") \(item.message)" }
        var union: [String] = []
        var reporting = 0
        for k in 1...3 {
            let shard = try project.roundTrip(["--shard", "\(k)/3"])
            #expect(Self.detail(shard).hasPrefix("shard \(k)/3: revisions"), "\(Self.detail(shard))")
            union += shard.findings.map(key)
            if !shard.findings(of: faulty).isEmpty { reporting += 1 }
        }
        #expect(reporting == 1, "the planted fault must be reported by exactly one shard")
        #expect(union.sorted() == full.findings.map(key).sorted())
        // GitLab's parallel variables choose the shard when --shard is not given.
        let gitlab = try TestEnvironment.runMigcheck(
            ["roundtrip", "--format", "json", "--python", TestEnvironment.python], in: project.directory,
            environment: ["CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "3", "TMPDIR": project.tmp.path])
        #expect(Self.detail(RoundTripRun(result: gitlab)).hasPrefix("shard 2/3"), "\(gitlab.stdoutText)")
    }

    @Test func badShardsAreUsageErrors() throws {
        let project = try GeneratedProject(["--revisions", "2", "--seed", "15"])
        defer { project.remove() }
        for bad in ["0/3", "4/3", "x", "1/0"] {
            let result = try TestEnvironment.runMigcheck(["roundtrip", "--shard", bad], in: project.directory)
            #expect(result.status == 64, "--shard \(bad): \(result.stderrText)")
        }
    }
}

extension RoundTripRun {
    /// Findings on `revision`, any rule.
    func findings(of revision: String) -> [Item] { findings.filter { $0.revision == revision } }
}
