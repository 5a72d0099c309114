import ArgumentParser
import MigcheckCore

/// The `migcheck` root command: every subcommand lives in `Commands/`.
@main
struct Migcheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migcheck",
        abstract: "Keep Alembic migrations safe: static checks, git guards and schema round trips.",
        discussion: """
            migcheck reads alembic.ini / pyproject.toml and the revision files statically: it never \
            imports or runs project code, except `roundtrip`, which runs Alembic on a database it \
            creates and removes itself.

            Exit status: 0 clean, 1 findings, 2 could not check (configuration, git, database), \
            64 usage.

            Settings: migcheck.toml or [tool.migcheck] in pyproject.toml. Environment: \
            ALEMBIC_CONFIG, MIGCHECK_DATABASE_URL, MIGCHECK_NO_CACHE, MIGCHECK_CACHE_DIR, \
            MIGCHECK_LIBPQ (the libpq `roundtrip` loads; default: the wheel's copy, else libpq.so.5), \
            CI (fail closed on missing git history; `check` follows the CI event: GITHUB_EVENT_NAME, \
            GITHUB_EVENT_PATH, GITHUB_BASE_REF, GITLAB_CI, CI_MERGE_REQUEST_DIFF_BASE_SHA, CI_COMMIT_BEFORE_SHA, \
            CI_DEFAULT_BRANCH…), PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF (`check --pre-push`), \
            GITHUB_STEP_SUMMARY, NO_COLOR.
            """,
        version: MigcheckVersion.current,
        subcommands: [
            Check.self, Heads.self, Branches.self, History.self, Merge.self, Audit.self, Hook.self, RoundTrip.self, Clean.self, Debug.self,
        ]
    )

    /// `migcheck --version` answers before the argument parser is built (a hook may call it on
    /// every commit; building the parser costs more than the rest of the process); everything
    /// else goes through ArgumentParser.
    static func main() {
        if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
            print(MigcheckVersion.current)
            return
        }
        main(nil)
    }
}
