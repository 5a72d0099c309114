import Foundation
import Testing

@testable import MigcheckCore

/// Settings that cannot mean anything are an error naming the file, not silently ignored
/// (issue: hostile input, item 16).
@Suite struct SettingsValidationTests {
    static func load(pyproject: String) throws -> MigcheckSettings {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        _ = try dir.write("pyproject.toml", pyproject)
        return try MigcheckSettings.load(near: "", in: dir.tree)
    }

    @Test func aToolMigcheckThatIsNotATableIsAnError() {
        #expect {
            _ = try Self.load(pyproject: "[tool]\nmigcheck = 5\n")
        } throws: { error in
            "\(error)".contains("pyproject.toml") && "\(error)".contains("[tool.migcheck]")
        }
    }

    @Test func anUnknownSchemaPresetIsAnErrorForEveryCommand() {
        #expect {
            _ = try Self.load(pyproject: "[tool.migcheck]\nschema-preset = \"nope\"\n")
        } throws: { error in
            "\(error)".contains("unknown schema-preset 'nope' (known: supabase)")
        }
        #expect(throws: Never.self) { _ = try Self.load(pyproject: "[tool.migcheck]\nschema-preset = \"supabase\"\n") }
    }
}
