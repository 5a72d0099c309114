import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck roundtrip`: applies every migration to a throwaway PostgreSQL database and proves
    /// each downgrade restores the schema.
    struct RoundTrip: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roundtrip",
            abstract: "Upgrade, downgrade and re-upgrade every revision on a throwaway PostgreSQL, comparing schemas.",
            discussion: """
                For each revision in upgrade order: upgrade to it, snapshot the schema, downgrade it, compare \
                with the schema at its parents, upgrade again and compare with the first upgrade. By default \
                a private PostgreSQL cluster is started in a temporary directory and removed afterwards; with \
                --database-url (or $MIGCHECK_DATABASE_URL) a uniquely named database is created on that server \
                and dropped afterwards.

                Exit status: 0 clean (warnings allowed), 1 error findings, 2 could not check \
                (configuration, Python/Alembic, database), 64 usage.
                """)

        @OptionGroup var project: ProjectOptions

        @Option(
            help:
                "Output format: text, json, github (annotations, plus a Markdown summary in $GITHUB_STEP_SUMMARY), sarif (2.1.0), junit (the findings; --junit writes one case per step) or codequality. The machine formats write a report saying migcheck could not check when it exits 2."
        )
        var format: OutputFormat = .text

        @Option(help: ArgumentHelp("Also write a JUnit XML report (one test case per revision step) to <file>.", valueName: "file"))
        var junit: String?

        @Option(
            help: ArgumentHelp(
                "The project's Python (default: $VIRTUAL_ENV, else .venv beside the config or at the repository root, else python3).",
                valueName: "python"))
        var python: String?

        @Option(
            help: ArgumentHelp(
                "Run on this server instead of a private cluster: a database is created there and dropped afterwards (default: $MIGCHECK_DATABASE_URL).",
                valueName: "url"))
        var databaseURL: String?

        @Option(
            name: .customLong("pg-bin"), help: ArgumentHelp("Directory with initdb and postgres for the private cluster.", valueName: "dir")
        )
        var pgBin: String?

        @Option(
            name: .customLong("exclude-schema"),
            help: ArgumentHelp("Leave this schema out of the comparison (repeatable).", valueName: "schema"))
        var excludeSchemas: [String] = []

        @Option(help: ArgumentHelp("Leave a platform's own schemas out of the comparison: supabase.", valueName: "preset"))
        var schemaPreset: String?

        @Option(help: ArgumentHelp("Alembic's version table, `name` or `schema.name`, left out of the comparison.", valueName: "name"))
        var versionTable: String = "alembic_version"

        @Option(
            name: .customLong("database-url-env"),
            help: ArgumentHelp(
                "The environment variable env.py reads the database URL from (default: DATABASE_URL, or database-url-env in the settings).",
                valueName: "name"))
        var databaseURLVariable: String?

        @Option(help: ArgumentHelp("Check only this revision and its descendants.", valueName: "rev"))
        var from: String?

        @Option(help: ArgumentHelp("Check only this revision and its ancestors.", valueName: "rev"))
        var to: String?

        @Flag(help: "Only upgrade; never run a downgrade.")
        var upgradeOnly = false

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        func validate() throws {
            if let schemaPreset, schemaPreset != "supabase" {
                throw ValidationError("unknown --schema-preset '\(schemaPreset)' (known: supabase)")
            }
            if versionTable.isEmpty || versionTable.split(separator: ".").count > 2 {
                throw ValidationError("--version-table must be `name` or `schema.name`")
            }
        }

        func run() throws {
            try CommandSupport.run(reporting: format, command: "roundtrip") {
                do {
                    return try execute()
                } catch let error where !(error is ExitCode || error is ValidationError || error is CleanExit) {
                    // The JUnit file still says why nothing was round-tripped.
                    if let junit {
                        let failed = JUnitFormatter().format(Report.couldNotCheck(command: "roundtrip", message: "\(error)"))
                        try? Data(failed.utf8).write(to: URL(fileURLWithPath: junit, relativeTo: project.startDirectory))
                    }
                    throw error
                }
            }
        }

        private func execute() throws -> ExitStatus {
            let locator = project.locator
            let tree = DiskTree(root: locator.root)
            let environment = try locator.locate(in: tree)
            let loaded = try RevisionLoader.load(environment, from: tree)
            try CommandSupport.requireLoadable(loaded)
            let settings = try CheckedEnvironment.load(environment, in: tree, strict: strict).settings

            var options = RoundTripOptions(workingDirectory: project.startDirectory)
            options.python = python ?? settings.python
            let variables = ProcessInfo.processInfo.environment
            options.databaseURL = databaseURL ?? variables["MIGCHECK_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            options.pgBin = pgBin.map { URL(fileURLWithPath: $0) }
            var excluded = Set(excludeSchemas + settings.excludeSchemas)
            switch schemaPreset ?? settings.schemaPreset {
            case nil: break
            case "supabase": excluded.formUnion(SnapshotOptions.supabaseSchemas)
            case let other?: throw ConfigurationError(path: settings.source, "unknown schema-preset '\(other)' (known: supabase)")
            }
            options.excludedSchemas = excluded
            options.versionTable = versionTable
            options.urlVariable = databaseURLVariable ?? settings.databaseURLVariable
            options.from = from
            options.to = to
            options.upgradeOnly = upgradeOnly
            options.irreversible = settings.irreversible

            let configPath =
                environment.configPath.hasPrefix("/")
                ? environment.configPath : RelativePath.join(tree.rootPath, environment.configPath)
            let progress = ProgressLine()
            var callback: ((RoundTripProgress) -> Void)?
            if progress.isActive { callback = { progress.show($0) } }
            let runner = RoundTripRunner(
                project: loaded, configPath: configPath, section: environment.section,
                options: options, progress: callback)
            let result: RoundTripResult
            do {
                result = try runner.run()
                progress.clear()
            } catch {
                progress.clear()
                throw error
            }
            if ProcessInfo.processInfo.environment["MIGCHECK_TIMING"] == "1" {
                CommandSupport.printNote(
                    String(
                        format: "timing: total %.3fs, database %.3fs, driver start %.3fs, alembic %.3fs, %d snapshots %.3fs",
                        result.seconds, result.databaseSeconds, result.driverStartSeconds, result.alembicSeconds,
                        result.snapshotCount, result.snapshotSeconds))
            }
            let report = Report(
                command: "roundtrip", findings: settings.apply(result.findings),
                environments: [
                    Report.EnvironmentSummary(
                        name: environment.name, revisions: loaded.graph.order.count, heads: loaded.graph.heads,
                        detail: String(
                            format: "%d round-tripped (%@), %d schema snapshots compared, %.1f s", result.checkedRevisions,
                            upgradeOnly ? "upgrade only" : "upgrade, downgrade, upgrade", result.snapshotCount, result.seconds))
                ])
            if let junit {
                let document = JUnitXML(suites: [JUnitXML.Suite(name: "migcheck roundtrip \(environment.name)", cases: result.testCases)])
                do {
                    try Data(document.render().utf8).write(to: URL(fileURLWithPath: junit, relativeTo: project.startDirectory))
                } catch {
                    throw ConfigurationError(path: junit, "cannot write the JUnit report: \(error.localizedDescription)")
                }
            }
            try CommandSupport.emit(report, format: format)
            return report.exitStatus
        }
    }
}

/// A one-line progress display on standard error, active only when it is a terminal.
final class ProgressLine: @unchecked Sendable {
    /// Whether standard error is a terminal.
    let isActive = isatty(STDERR_FILENO) == 1

    /// Shows `revision n of N, elapsed`.
    func show(_ progress: RoundTripProgress) {
        let line = String(
            format: "\r\u{1B}[Kmigcheck roundtrip: revision %d of %d (%@), %.1fs",
            progress.index, progress.total, progress.revision, progress.elapsed)
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Erases the line.
    func clear() {
        if isActive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
