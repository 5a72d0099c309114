import Foundation
import Testing

@testable import MigcheckCore

/// The driver's answer to Alembic's `_unmerge_to_revisions` without a walk of the history
/// (``AlembicDriverScript/downgradesSource``) equals Alembic's own for the downgrade of every
/// revision of projects with branches, merges, several bases and `depends_on`, with the revision
/// as the only head and with each other revision as a second head; and it is taken where it applies.
@Suite struct RoundTripDowngradeShortcutTests {
    /// Loads the project's revisions with the venv's Alembic, keeps Alembic's function, installs the
    /// driver's, and compares both for every downgrade step and heads set; prints
    /// `installed compared shortcut mismatches`.
    static let comparison = """
        import sys
        from alembic.config import Config
        from alembic.runtime import migration
        from alembic.script import ScriptDirectory

        \(AlembicDriverScript.downgradesSource)

        walk = migration.RevisionStep._unmerge_to_revisions
        installed = install_direct_unmerge()
        fast = migration.RevisionStep._unmerge_to_revisions
        script = ScriptDirectory.from_config(Config(sys.argv[1]))
        revisions = list(script.walk_revisions())
        compared = shortcut = 0
        mismatches = []
        for revision in revisions:
            step = migration.RevisionStep(script.revision_map, revision, False)
            for other in [None] + revisions:
                if other is revision:
                    continue
                heads = {revision.revision} if other is None else {revision.revision, other.revision}
                expected, answer = walk(step, heads), fast(step, heads)
                compared += 1
                shortcut += len(step.to_revisions) == 1 and other is None
                if type(expected) is not type(answer) or sorted(expected) != sorted(answer):
                    mismatches.append((revision.revision, sorted(heads), expected, answer))
        print(installed, compared, shortcut, len(mismatches))
        for mismatch in mismatches[:5]:
            print(mismatch, file=sys.stderr)
        """

    @Test(arguments: [
        ("main", ["--revisions", "40", "--branches", "4", "--bases", "2", "--depends-on", "5"]),
        ("main", ["--revisions", "40", "--shape", "random"]),
        ("sqla14", ["--revisions", "30", "--branches", "3", "--heads", "2"]),
        ("alembic14", ["--revisions", "30", "--branches", "3"]),
    ])
    func theShortcutAnswersWhatAlembicAnswers(_ venv: String, _ shape: [String]) throws {
        let project = try GeneratedProject(shape + ["--env", "psycopg2", "--seed", "5"])
        defer { project.remove() }
        let python = RoundTripUncheckedBaseTests.python(venv)
        let run = try ProcessRunner.run(
            python, ["-c", Self.comparison, project.directory.appendingPathComponent("alembic.ini").path],
            directory: project.directory)
        #expect(run.status == 0, "\(run.stderrText)")
        let fields = run.stdoutText.split(separator: " ").map { String($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(fields.count == 4, "\(run.stdoutText) \(run.stderrText)")
        let compared = Int(fields[1]) ?? 0
        let shortcut = Int(fields[2]) ?? 0
        #expect(compared > 300, "\(compared) steps and heads compared")
        #expect(shortcut > 10, "\(shortcut) downgrades to one revision with no other head")
        #expect(fields[3] == "0", "answers that differ from Alembic's: \(run.stderrText)")
        // Alembic 1.4 returns the step's revisions without a walk: its function is kept.
        #expect(fields[0] == (venv == "alembic14" ? "False" : "True"))
    }
}
