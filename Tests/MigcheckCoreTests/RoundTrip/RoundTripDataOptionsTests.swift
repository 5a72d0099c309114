import Foundation
import Testing

@testable import MigcheckCore

/// `with-data`, `data-rows` and `data-dir` from the settings and the command line, and the row
/// digest's arithmetic.
@Suite struct RoundTripDataOptionsTests {
    let directory = URL(fileURLWithPath: "/work/project")

    /// The settings of `db/migcheck.toml` holding `toml`.
    func settings(_ toml: String) throws -> MigcheckSettings {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        _ = try dir.write("db/migcheck.toml", toml)
        return try MigcheckSettings.load(near: "db", in: dir.tree)
    }

    @Test func dataIsOffUnlessAsked() throws {
        let options = try RoundTripOptions.resolve(
            flags: RoundTripFlags(workingDirectory: directory), settings: MigcheckSettings(), environment: [:])
        #expect(options.dataRows == nil && options.dataDirectory == nil && !options.usesData)
    }

    @Test func settingsTurnDataOnAndResolveTheDirectoryBesideTheFile() throws {
        let parsed = try settings("with-data = true\ndata-dir = \"data\"\n")
        let options = try RoundTripOptions.resolve(flags: RoundTripFlags(workingDirectory: directory), settings: parsed, environment: [:])
        #expect(options.dataRows == RoundTripOptions.defaultDataRows)
        #expect(options.dataDirectory == "db/data")
        #expect(try settings("data-rows = 7\n").dataRows == 7)
    }

    @Test func flagsWin() throws {
        var flags = RoundTripFlags(workingDirectory: directory)
        flags.dataRows = 5
        flags.dataDirectory = "seed"
        let options = try RoundTripOptions.resolve(
            flags: flags, settings: try settings("data-rows = 7\ndata-dir = \"data\"\n"), environment: [:])
        #expect(options.dataRows == 5)
        #expect(options.dataDirectory == "/work/project/seed")
    }

    @Test func badValuesNameTheFile() throws {
        for toml in ["data-rows = 0\n", "data-rows = \"3\"\n", "with-data = 1\n", "data-dir = \"\"\n", "with-dat = true\n"] {
            #expect(throws: ConfigurationError.self, "\(toml)") { try settings(toml) }
            do {
                _ = try settings(toml)
            } catch let error as ConfigurationError {
                #expect(error.path == "db/migcheck.toml")
            }
        }
    }

    @Test func digestChangesAreCounted() {
        let before = TableDigest(table: "public.t", columns: ["a"], rows: ["1", "2", "3"])
        #expect(before.change(to: before) == nil)
        #expect(
            before.change(to: TableDigest(table: "public.t", columns: ["a"], rows: ["1"]))
                == "2 rows lost (3 rows before the upgrade, 1 after the downgrade)")
        #expect(
            before.change(to: TableDigest(table: "public.t", columns: ["a"], rows: ["1", "2", "9", "8"]))
                == "1 row changed, 1 row added (3 rows before the upgrade, 4 after the downgrade)")
    }

    @Test func checkLiteralsAreRead() {
        #expect(SampleRowPlan.literals("CHECK (status = ANY (ARRAY['draft'::text, 'it''s'::text]))") == ["draft", "it's"])
    }
}
