import ArgumentParser

extension Migcheck {
    /// Hidden developer commands (`migcheck debug ...`); not part of the supported interface.
    struct Debug: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "debug",
            abstract: "Developer tools (unsupported).",
            shouldDisplay: false,
            subcommands: [StartCluster.self, Libraries.self]
        )
    }
}
