import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck hook`: git hook management.
    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            abstract: "Install migcheck's git hooks.",
            subcommands: [Install.self, Show.self])

        /// `migcheck hook show pre-commit|pre-push`: prints a hook script (the files in `hooks/`).
        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "show",
                abstract: "Print a hook script, to vendor it or wire it into another hook manager.")

            @Argument(help: "pre-commit or pre-push.")
            var hook: String

            func run() throws {
                guard let script = HookScript(rawValue: hook) else {
                    throw ValidationError("unknown hook '\(hook)' (pre-commit, pre-push)")
                }
                CommandSupport.write(script.text())
            }
        }

        /// `migcheck hook install [--pre-push] [--force]`.
        struct Install: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "install",
                abstract: "Write the pre-commit hook (and with --pre-push the pre-push hook) into the hooks directory git uses.",
                discussion: """
                    The directory is core.hooksPath when set, else hooks/ in the common git directory (shared by \
                    linked worktrees). A hook migcheck did not write is never replaced without --force.
                    """)

            @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in <dir>.", valueName: "dir"))
            var directory: String?

            @Flag(help: "Also install the pre-push hook.")
            var prePush = false

            @Flag(help: "Replace hooks migcheck did not write.")
            var force = false

            func run() throws {
                try CommandSupport.run {
                    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                    let start = directory.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL } ?? cwd
                    guard let repository = try Repository.discover(from: start.path) else {
                        throw ConfigurationError(path: start.path, "not a git repository")
                    }
                    let binary = Self.executablePath()
                    let hooks: [HookScript] = prePush ? [.preCommit, .prePush] : [.preCommit]
                    do {
                        for hook in hooks {
                            let path = try HookInstaller.install(hook, in: repository, migcheck: binary, force: force)
                            CommandSupport.write("installed \(hook.rawValue) hook: \(path)\n")
                        }
                    } catch let refused as HookInstaller.Refused {
                        CommandSupport.printError(refused.description)
                        return .couldNotCheck
                    }
                    return .clean
                }
            }

            /// The absolute path of the running binary, so the hook works without PATH set up.
            static func executablePath() -> String {
                if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
                return CommandLine.arguments[0]
            }
        }
    }
}
