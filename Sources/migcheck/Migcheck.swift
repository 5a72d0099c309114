import ArgumentParser
import MigcheckCore

/// The `migcheck` root command: every subcommand lives in `Commands/`.
@main
struct Migcheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migcheck",
        abstract: "Keep Alembic migrations safe: static checks, git guards and schema round trips.",
        version: MigcheckVersion.current,
        subcommands: [Check.self, Heads.self, Branches.self, History.self, Audit.self, Hook.self, Debug.self]
    )
}
