import ArgumentParser
import Foundation
import MigcheckCore

/// Where to find the Alembic project: shared by every command that reads one.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in <dir>.", valueName: "dir"))
    var directory: String?

    @Option(
        name: [.customShort("c"), .long],
        help: ArgumentHelp(
            "The Alembic config file (alembic.ini or pyproject.toml); default: found from the directory upwards, else the only one in the repository. $ALEMBIC_CONFIG is honoured.",
            valueName: "file"))
    var config: String?

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("The ini section to read, like `alembic -n`.", valueName: "name"))
    var name: String = "alembic"

    /// The directory commands start from.
    var startDirectory: URL {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        guard let directory else { return cwd }
        return URL(fileURLWithPath: directory, relativeTo: cwd).standardizedFileURL
    }

    /// The locator for these options.
    var locator: ProjectLocator {
        ProjectLocator(
            directory: startDirectory, configFile: config, section: name,
            alembicConfigVariable: ProcessInfo.processInfo.environment["ALEMBIC_CONFIG"].flatMap { $0.isEmpty ? nil : $0 })
    }

    func validate() throws {
        if let directory {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: startDirectory.path, isDirectory: &isDir), isDir.boolValue else {
                throw ValidationError("-C \(directory): no such directory")
            }
        }
    }

    /// Locates the single environment and loads its revisions.
    func loadProject() throws -> LoadedProject {
        let locator = self.locator
        let tree = DiskTree(root: locator.root)
        let environment = try locator.locate(in: tree)
        return CommandSupport.keepUntilExit(try RevisionLoader.load(environment, from: tree))
    }
}

/// `--format text|json|github|sarif|junit|codequality` (`check`, `roundtrip`).
extension OutputFormat: ExpressibleByArgument {}

/// `--format text|json` (`heads`, `history`, `branches`, `audit`).
extension ListingFormat: ExpressibleByArgument {}
