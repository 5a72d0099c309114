import Foundation
import Testing

@testable import MigcheckCore

/// How the command line and the settings combine into ``RoundTripOptions``.
@Suite struct RoundTripOptionsTests {
    let directory = URL(fileURLWithPath: "/work/project")

    @Test func settingsFillWhatTheFlagsLeaveOut() throws {
        var settings = MigcheckSettings()
        settings.python = "/venv/bin/python"
        settings.excludeSchemas = ["audit"]
        settings.databaseURLVariable = "APP_DB"
        settings.irreversible = ["abc"]
        let options = try RoundTripOptions.resolve(
            flags: RoundTripFlags(workingDirectory: directory), settings: settings,
            environment: ["MIGCHECK_DATABASE_URL": "postgresql://server/db"])
        #expect(options.python == "/venv/bin/python")
        #expect(options.databaseURL == "postgresql://server/db")
        #expect(options.excludedSchemas == ["audit"])
        #expect(options.urlVariable == "APP_DB")
        #expect(options.irreversible == ["abc"])
        #expect(options.workingDirectory == directory)
    }

    @Test func flagsWinAndSchemasAddUp() throws {
        var settings = MigcheckSettings()
        settings.python = "/venv/bin/python"
        settings.excludeSchemas = ["audit"]
        var flags = RoundTripFlags(workingDirectory: directory)
        flags.python = "python3.12"
        flags.databaseURL = "postgresql://flag/db"
        flags.excludeSchemas = ["scratch"]
        flags.schemaPreset = "supabase"
        flags.databaseURLVariable = "URL"
        flags.versionTable = "meta.versions"
        flags.from = "a"
        flags.upgradeOnly = true
        let options = try RoundTripOptions.resolve(
            flags: flags, settings: settings, environment: ["MIGCHECK_DATABASE_URL": "postgresql://env/db"])
        #expect(options.python == "python3.12")
        #expect(options.databaseURL == "postgresql://flag/db")
        #expect(options.excludedSchemas == Set(["audit", "scratch"]).union(SnapshotOptions.supabaseSchemas))
        #expect(options.urlVariable == "URL")
        #expect(options.versionTableParts == ("meta", "versions"))
        #expect(options.from == "a" && options.to == nil && options.upgradeOnly)
    }

    @Test func anEmptyDatabaseURLVariableMeansAPrivateCluster() throws {
        let options = try RoundTripOptions.resolve(
            flags: RoundTripFlags(workingDirectory: directory), settings: MigcheckSettings(),
            environment: ["MIGCHECK_DATABASE_URL": ""])
        #expect(options.databaseURL == nil)
    }

    @Test func anUnknownPresetInTheSettingsNamesTheFile() throws {
        var settings = MigcheckSettings()
        settings.source = "pyproject.toml"
        settings.schemaPreset = "nope"
        #expect(throws: ConfigurationError.self) {
            try RoundTripOptions.resolve(flags: RoundTripFlags(workingDirectory: directory), settings: settings, environment: [:])
        }
    }
}
