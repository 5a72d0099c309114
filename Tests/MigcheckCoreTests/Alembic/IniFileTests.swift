import Testing

@testable import MigcheckCore

@Suite struct IniFileTests {
    @Test func interpolatesHereAndEscapes() throws {
        let ini = try IniFile(
            text: """
                [alembic]
                script_location = %(here)s/migrations
                file_template = %%(year)d_%%(rev)s_%%(slug)s
                ; a comment
                # another
                sqlalchemy.url = postgresql://u@h/db
                """, defaults: ["here": "/repo"])
        #expect(try ini.value("alembic", "script_location") == "/repo/migrations")
        #expect(try ini.value("alembic", "file_template") == "%(year)d_%(rev)s_%(slug)s")
        #expect(try ini.value("alembic", "sqlalchemy.url") == "postgresql://u@h/db")
    }

    @Test func multiLineValuesKeepInnerBlankLinesAndDropComments() throws {
        let ini = try IniFile(
            text: """
                [alembic]
                version_locations =
                    %(here)s/a

                    %(here)s/b
                # trailing comment
                other: x
                """, defaults: ["here": "/r"])
        #expect(try ini.value("alembic", "version_locations") == "\n/r/a\n\n/r/b")
        #expect(try ini.value("alembic", "other") == "x")
    }

    @Test func keysAreCaseInsensitiveAndDefaultsInherit() throws {
        let ini = try IniFile(text: "[DEFAULT]\nbase = /x\n[core]\nScript_Location = %(base)s/m\n")
        #expect(try ini.value("core", "script_location") == "/x/m")
        #expect(ini.sectionNames == ["core"])
    }

    @Test func badInterpolationNamesTheLine() {
        #expect(throws: IniFile.ParseError.self) {
            let ini = try IniFile(text: "[alembic]\n\nscript_location = %(nope)s/m\n")
            _ = try ini.value("alembic", "script_location")
        }
        do {
            let ini = try IniFile(text: "[alembic]\n\nscript_location = %(nope)s/m\n")
            _ = try ini.value("alembic", "script_location")
        } catch let error as IniFile.ParseError {
            #expect(error.line == 3)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func rejectsTextBeforeFirstSection() {
        #expect(throws: IniFile.ParseError.self) { try IniFile(text: "key = value\n[alembic]\n") }
    }
}
