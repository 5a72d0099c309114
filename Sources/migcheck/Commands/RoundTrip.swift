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

                Exit status: 0 clean (warnings allowed), 1 error findings (also revision files Alembic \
                cannot import: reported on each file, and nothing runs), 2 could not check (configuration, \
                Python, Alembic older than 1.4, database), 64 usage.
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

        @Option(
            help: ArgumentHelp(
                "Stop the run when one upgrade or downgrade takes longer than this (default 600; 0: no limit).", valueName: "seconds"))
        var stepTimeout: Double?

        @Flag(help: "Skip the round trip: upgrade once to the heads and only compare the models (target_metadata) with the schema.")
        var driftOnly = false

        @Flag(help: "Do not compare the models (target_metadata) with the schema after the round trip.")
        var noDrift = false

        @Flag(
            help: """
                Check only the revisions this branch adds relative to the base branch (resolved as `check` resolves it, \
                the CI event's commits included); the base's revisions are applied first by plain upgrades.
                """)
        var changed = false

        @Option(help: ArgumentHelp("With --changed: the base branch (default: as for `check`).", valueName: "ref"))
        var base: String?

        @Flag(help: "With --changed: fetch missing history with `git fetch` first (as `check --fetch`).")
        var fetch = false

        @Option(
            help: ArgumentHelp(
                "Check only slice K of N of the revisions (in upgrade order, balanced by estimated cost); default from GitLab's CI_NODE_INDEX/CI_NODE_TOTAL.",
                valueName: "K/N"))
        var shard: String?

        @Flag(help: "Fill every table with generated rows before each checked upgrade, and report downgrades that lose or change them.")
        var withData = false

        @Option(help: ArgumentHelp("Rows per table for --with-data (default 3; implies --with-data).", valueName: "n"))
        var dataRows: Int?

        @Option(
            help: ArgumentHelp(
                "Run <dir>/<revision>.sql just before the stairway upgrades to that revision (data-dir in the settings).",
                valueName: "dir"))
        var dataDir: String?

        @Option(
            help: ArgumentHelp(
                "single: one env.py run for the whole stairway (falls back per step where it cannot be used); per-step: one env.py run per step.",
                valueName: "single|per-step"))
        var driverMode: String?

        @Flag(help: "Run env.py once per upgrade or downgrade step (--driver-mode per-step).")
        var perStep = false

        @Flag(
            help:
                "Read the whole schema for every snapshot instead of only the relations and objects the catalogs say a step changed (slower; for comparison)."
        )
        var fullSnapshots = false

        @Flag(
            help:
                "With --changed or --shard on the private cluster: neither start from the base revisions' state saved by an earlier run with the same base, nor save it (needed when base revisions build their schema from application code that changed)."
        )
        var noBaseCache = false

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        @Flag(
            name: .shortAndLong,
            help:
                "In text, list under each column-order finding every column that changed position (the machine formats always carry them).")
        var verbose = false

        func validate() throws {
            if let schemaPreset, !RoundTripOptions.schemaPresets.contains(schemaPreset) {
                throw ValidationError(
                    "unknown --schema-preset '\(schemaPreset)' (known: \(RoundTripOptions.schemaPresets.joined(separator: ", ")))")
            }
            if let shard, StairwayShard(shard) == nil {
                throw ValidationError("--shard must be K/N with 1 <= K <= N, not '\(shard)'")
            }
            if !changed, base != nil || fetch { throw ValidationError("--base and --fetch go with --changed") }
            if changed, from != nil || to != nil { throw ValidationError("--changed cannot be combined with --from or --to") }
            if driftOnly && (changed || shard != nil) { throw ValidationError("--drift-only cannot be combined with --changed or --shard") }
            if driftOnly && (noDrift || upgradeOnly || from != nil || to != nil) {
                throw ValidationError("--drift-only cannot be combined with --no-drift, --upgrade-only, --from or --to")
            }
            if let dataRows, !(1...1000).contains(dataRows) { throw ValidationError("--data-rows must be from 1 to 1000") }
            if driftOnly && (withData || dataRows != nil || dataDir != nil) {
                throw ValidationError("--drift-only cannot be combined with --with-data, --data-rows or --data-dir")
            }
            if let driverMode, DriverMode(rawValue: driverMode) == nil {
                throw ValidationError("--driver-mode must be single or per-step, not '\(driverMode)'")
            }
            if perStep, let driverMode, driverMode != DriverMode.perStep.rawValue {
                throw ValidationError("--per-step cannot be combined with --driver-mode \(driverMode)")
            }
            if let stepTimeout, !(stepTimeout >= 0) { throw ValidationError("--step-timeout must be 0 or more seconds") }
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

        /// The flags as the library reads them.
        var flags: RoundTripFlags {
            var flags = RoundTripFlags(workingDirectory: project.startDirectory)
            flags.python = python
            flags.databaseURL = databaseURL
            flags.pgBin = pgBin
            flags.excludeSchemas = excludeSchemas
            flags.schemaPreset = schemaPreset
            flags.versionTable = versionTable
            flags.databaseURLVariable = databaseURLVariable
            flags.from = from
            flags.to = to
            flags.upgradeOnly = upgradeOnly
            flags.stepTimeout = stepTimeout
            flags.drift = driftOnly ? .only : noDrift ? .off : .after
            flags.shard = shard.flatMap(StairwayShard.init)
            flags.withData = withData
            flags.dataRows = dataRows
            flags.dataDirectory = dataDir
            flags.driverMode = perStep ? .perStep : driverMode.flatMap(DriverMode.init(rawValue:)) ?? .single
            flags.fullSnapshots = fullSnapshots
            flags.baseStateCache = !noBaseCache
            return flags
        }

        private func execute() throws -> ExitStatus {
            let locator = project.locator
            let tree = DiskTree(root: locator.root)
            let environment = try locator.locate(in: tree)
            let settings = try CheckedEnvironment.load(environment, in: tree, strict: strict).settings
            var options = try RoundTripOptions.resolve(flags: flags, settings: settings)
            let configPath =
                environment.configPath.hasPrefix("/")
                ? environment.configPath : RelativePath.join(tree.rootPath, environment.configPath)
            // Python imports Alembic while migcheck reads the revision files, git compares the
            // branch and the database starts; a project that cannot be loaded stops it at once.
            let launch = DriverLaunch(configPath: configPath, section: environment.section, options: options, repositoryRoot: tree.rootPath)
            defer { launch.cancel() }
            let loaded = try RevisionLoader.load(environment, from: tree)
            try CommandSupport.requireLoadable(loaded)
            if changed {
                guard let repository = try Repository.discover(from: locator.directory.path) else {
                    throw ConfigurationError(path: locator.directory.path, "not a git repository (needed for --changed)")
                }
                let plan = base == nil ? try CIContext.detect(environment: ProcessInfo.processInfo.environment) : nil
                options.changed = try ChangedRevisions.resolve(
                    loaded, repository: repository, base: base, plan: plan, configuredBase: settings.base,
                    fetch: fetch || settings.fetch, note: CommandSupport.printNote)
            }
            let progress = ProgressLine()
            var runner = RoundTripRunner(
                project: loaded, configPath: configPath, section: environment.section,
                options: options, progress: progress.isActive ? { progress.show($0) } : nil)
            runner.driverLaunch = launch
            let startup = ProcessAge.seconds()
            let result = try {
                defer { progress.clear() }
                return try runner.run()
            }()
            let reporting = Date()
            defer {
                if ProcessInfo.processInfo.environment["MIGCHECK_TIMING"] == "1" {
                    CommandSupport.printNote(
                        result.timingSummary(
                            startup: startup, report: Date().timeIntervalSince(reporting), wall: ProcessAge.seconds()))
                }
            }
            let report = result.report(for: loaded, settings: settings)
            if let junit {
                do {
                    try Data(result.junitDocument(environment: environment.name, settings: settings).render().utf8)
                        .write(to: URL(fileURLWithPath: junit, relativeTo: project.startDirectory))
                } catch {
                    throw ConfigurationError(path: junit, "cannot write the JUnit report: \(error.localizedDescription)")
                }
            }
            try CommandSupport.emit(report, format: format, verbose: verbose)
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
