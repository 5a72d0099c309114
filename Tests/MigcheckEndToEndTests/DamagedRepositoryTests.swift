import Foundation
import Testing

@testable import MigcheckCore

/// Damaged object databases: truncated, empty or missing objects of the base make `check` exit
/// 2 at once with one line naming the object and the repository (#13 item 8: libgit2 1.5 spun
/// forever inside `git_odb_read` on a truncated loose object). Each run has a hang guard.
@Suite("Damaged repositories")
struct DamagedRepositoryTests {
    /// How the object's loose file is damaged.
    enum Damage: String, CaseIterable, Sendable {
        case truncated, empty, missing
    }

    /// Which object of the base `main` is damaged.
    enum Object: String, CaseIterable, Sendable {
        case commit = "main"
        case tree = "main^{tree}"
        case blob = "main:migrations/versions/bbb_step.py"
    }

    /// The standard history on main, a feature branch with a commit editing `bbb`, and one
    /// object of main damaged; returns the object's id.
    func damagedRepository(_ object: Object, _ damage: Damage) throws -> (ScratchRepository, String) {
        let repo = try ScratchRepository.withHistory()
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
        try repo.commitAll("edit bbb")
        let id = try repo.git("rev-parse", object.rawValue)
        let file = repo.url.appendingPathComponent(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
        let bytes = try Data(contentsOf: file)
        try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        switch damage {
        case .truncated: try bytes.prefix(bytes.count / 2).write(to: file)
        case .empty: try Data().write(to: file)
        case .missing: try FileManager.default.removeItem(at: file)
        }
        return (repo, id)
    }

    /// Runs migcheck under `timeout` (exit 124 when it hangs).
    func guarded(_ repo: ScratchRepository, _ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            "timeout", ["60", TestEnvironment.migcheck.path] + arguments,
            environment: TestEnvironment.isolated(["CI": "", "NO_COLOR": "1"]), directory: repo.url)
    }

    @Test(arguments: Object.allCases, Damage.allCases)
    func aDamagedObjectOfTheBaseIsOneClearError(_ object: Object, _ damage: Damage) throws {
        let (repo, id) = try damagedRepository(object, damage)
        for arguments in [["check"], ["check", "--head", "feature"], ["check", "--format", "json"]] {
            let result = try guarded(repo, arguments)
            #expect(result.status != 124, "migcheck \(arguments) hung on a \(damage) \(object) object")
            #expect(result.status == 2, "\(arguments): \(result.stdoutText)\(result.stderrText)")
            let lines = result.stderrText.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderrText)")
            // The commit a missing ref target names is the object; a tree or blob is named by id.
            #expect(result.stderrText.contains(id), "\(result.stderrText)")
            #expect(result.stderrText.contains(repo.path), "\(result.stderrText)")
        }
    }

    @Test func aTruncatedObjectIsNamedWithWhatIsWrong() throws {
        let (repo, id) = try damagedRepository(.commit, .truncated)
        let result = try guarded(repo, ["check"])
        #expect(
            result.stderrText.contains(
                "object \(id) is damaged: its loose object file \(repo.path)/.git/objects/\(id.prefix(2))/\(id.dropFirst(2)) is truncated"),
            "\(result.stderrText)")
        let (emptyRepo, emptyID) = try damagedRepository(.blob, .empty)
        #expect(try guarded(emptyRepo, ["check"]).stderrText.contains("object \(emptyID) is damaged: its loose object file"))
        #expect(try guarded(emptyRepo, ["check"]).stderrText.contains("is empty (0 bytes)"))
    }

    @Test func anUndamagedRepositoryIsUnaffected() throws {
        let repo = try ScratchRepository.withHistory()
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
        let result = try guarded(repo, ["check"])
        #expect(result.status == 1 && result.reports("edited-migration"), "\(result.stdoutText)\(result.stderrText)")
    }
}
