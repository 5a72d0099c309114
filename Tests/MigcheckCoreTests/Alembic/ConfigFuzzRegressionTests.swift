import Foundation
import Testing

@testable import MigcheckCore

/// Cases the config readers' fuzz test found (``ConfigReaderFuzzTests``), each checked on its own.
@Suite struct ConfigFuzzRegressionTests {
    /// Table headers and arrays that made toml++ assert (abort) in a debug build and are undefined
    /// behaviour in a release build; TOML (tomllib) rejects them all.
    @Test(arguments: [
        "[\u{7F}project]\n", "[=project]\n", "[ [a]]\nb = 1\n", "[[.x]]\n", "a = 1\r", "[a]\nb = \"\u{01}\"\n",
        "[tool.alembic]\nscript_location = [}\"m\"]\n",
        "a = [1, [ # c\n }]]\n", "a = {b = [}]}\n",
    ])
    func tomlThatTomlPlusPlusDoesNotCheckIsAnError(_ text: String) {
        let tree = MemoryTree(files: ["pyproject.toml": Data(text.utf8)])
        #expect(throws: ConfigurationError.self) { try AlembicConfigReader.readToolAlembic("pyproject.toml", in: tree) }
        #expect(throws: ConfigurationError.self) { try MigcheckSettings.load(near: "", in: tree) }
    }

    @Test func tomlHeadersAfterValuesAndStringsAreStillRead() throws {
        let text = "x = [\n  [1, 2],\n  [\n    3\n  ],\n]\ns = \"\"\"\n[=not a header]\n\"\"\"\n[tool.alembic]\nscript_location = \"m\"\n"
        let table = try AlembicConfigReader.readToolAlembic("pyproject.toml", in: MemoryTree(files: ["pyproject.toml": Data(text.utf8)]))
        #expect(table?["script_location"]?.string == "m")
    }

    @Test func tomlThatIsNotUTF8IsAnError() {
        let tree = MemoryTree(files: ["pyproject.toml": Data([0x61, 0x20, 0x3D, 0x20, 0x22, 0xE9, 0x22, 0x0A])])
        #expect(throws: ConfigurationError.self) { try MigcheckSettings.load(near: "", in: tree) }
    }

    /// configparser: headers run to the last `]`; `str.strip()` white space (form feed …) is
    /// stripped from lines, keys and values; an empty key is an error; bytes that are not UTF-8 too.
    @Test func iniReadAsConfigparserReadsIt() throws {
        let ini = try IniFile(text: " \u{0C}[b]\n\u{0C}key\u{0B} = \u{0C}value\u{0C}\n[a];]\nk = v\n")
        #expect(ini.sectionNames == ["b", "a];"])
        #expect(try ini.value("b", "key") == "value")
        #expect(throws: IniFile.ParseError.self) { try IniFile(text: "[a]\n = v\n") }
        #expect(throws: IniFile.ParseError.self) { try IniFile(data: Data([0x5B, 0x61, 0x5D, 0x0A, 0x6B, 0x3D, 0xE9, 0x0A])) }
    }
}
