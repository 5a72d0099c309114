import Foundation
import Testing

@testable import MigcheckCore

@Suite struct AlembicConfigReaderTests {
    @Test func defaultVersionsDirectoryAndRelativeScriptLocation() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("backend/alembic.ini", "[alembic]\nscript_location = alembic\n")
        try dir.write("backend/alembic/env.py", "")
        let env = try AlembicConfigReader.read(configPath: "backend/alembic.ini", in: dir.tree)
        #expect(env.scriptLocation == "backend/alembic")
        #expect(env.versionLocations == ["backend/alembic/versions"])
        #expect(env.fileTemplate == "%(rev)s_%(slug)s")
        #expect(env.truncateSlugLength == 40)
    }

    @Test(arguments: [
        ("os", "%(here)s/a:%(here)s/b", ["a", "b"]),
        (";", "%(here)s/a;%(here)s/b", ["a", "b"]),
        ("space", "%(here)s/a %(here)s/b", ["a", "b"]),
        ("newline", "\n    %(here)s/a\n    %(here)s/b", ["a", "b"]),
    ])
    func versionLocationSeparators(separator: String, value: String, expected: [String]) throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("alembic.ini", "[alembic]\nscript_location = m\npath_separator = \(separator)\nversion_locations = \(value)\n")
        try dir.write("m/env.py", "")
        let env = try AlembicConfigReader.read(configPath: "alembic.ini", in: dir.tree)
        #expect(env.versionLocations == expected)
    }

    @Test func legacySplittingOnSpacesAndCommas() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("alembic.ini", "[alembic]\nscript_location = m\nversion_locations = %(here)s/a, %(here)s/b %(here)s/c\n")
        try dir.write("m/env.py", "")
        let env = try AlembicConfigReader.read(configPath: "alembic.ini", in: dir.tree)
        #expect(env.versionLocations == ["a", "b", "c"])
    }

    @Test func packageResourceFormInSrcLayout() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("src/myapp/db/migrations/env.py", "")
        try dir.write("alembic.ini", "[alembic]\nscript_location = myapp.db:migrations\n")
        let env = try AlembicConfigReader.read(configPath: "alembic.ini", in: dir.tree)
        #expect(env.scriptLocation == "src/myapp/db/migrations")
    }

    @Test func pyprojectToolAlembicWithIniWinning() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write(
            "pyproject.toml",
            """
            [tool.alembic]
            script_location = "%(here)s/from_toml"
            version_locations = ["%(here)s/v1", "%(here)s/v2"]
            file_template = "%%(epoch)s_%%(rev)s"
            recursive_version_locations = true
            """)
        try dir.write("alembic.ini", "[alembic]\nscript_location = %(here)s/from_ini\n")
        try dir.write("from_ini/env.py", "")
        try dir.write("from_toml/env.py", "")
        let env = try AlembicConfigReader.read(configPath: "alembic.ini", in: dir.tree)
        #expect(env.scriptLocation == "from_ini")
        #expect(env.versionLocations == ["v1", "v2"])
        #expect(env.fileTemplate == "%(epoch)s_%(rev)s")
        #expect(env.recursiveVersionLocations)
        let tomlOnly = try AlembicConfigReader.read(configPath: "pyproject.toml", in: dir.tree)
        #expect(tomlOnly.scriptLocation == "from_toml")
    }

    @Test func namedSectionsAndMissingScriptLocation() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write(
            "alembic.ini", "[core]\nscript_location = core_m\n[tenant]\nscript_location = tenant_m\n[alembic]\nsqlalchemy.url = x\n")
        try dir.write("core_m/env.py", "")
        try dir.write("tenant_m/env.py", "")
        #expect(try AlembicConfigReader.read(configPath: "alembic.ini", section: "tenant", in: dir.tree).scriptLocation == "tenant_m")
        do {
            _ = try AlembicConfigReader.read(configPath: "alembic.ini", in: dir.tree)
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.description == "alembic.ini: no 'script_location' key found in configuration")
        }
        let all = try ProjectLocator.environments(at: "alembic.ini", in: dir.tree, sectionFilter: nil)
        #expect(all.map(\.name) == ["alembic.ini [core]", "alembic.ini [tenant]"])
    }

    @Test func locatorSearchesUpwardsThenDownwards() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        // A real repository: the root is found by libgit2's discovery, not by a `.git` probe.
        #expect(try ProcessRunner.run("git", ["init", "-q"], environment: TestEnvironment.isolated(), directory: dir.url).status == 0)
        try dir.write("services/api/alembic.ini", "[alembic]\nscript_location = %(here)s/migrations\n")
        try dir.write("services/api/app/models.py", "")
        try dir.write("services/api/migrations/env.py", "")
        // From a subdirectory of the environment: upwards.
        let fromInside = ProjectLocator(directory: dir.url.appendingPathComponent("services/api/app"))
        #expect(try fromInside.locate().configPath == "services/api/alembic.ini")
        // From the repository root: the only environment below.
        let fromRoot = ProjectLocator(directory: dir.url)
        #expect(try fromRoot.locate().configPath == "services/api/alembic.ini")
        // A second environment makes the root ambiguous.
        try dir.write("services/billing/pyproject.toml", "[tool.alembic]\nscript_location = \"%(here)s/m\"\n")
        try dir.write("services/billing/m/env.py", "")
        #expect(throws: ConfigurationError.self) { try fromRoot.locate() }
        #expect(try fromRoot.locateAll().map(\.configPath) == ["services/api/alembic.ini", "services/billing/pyproject.toml"])
    }
}
