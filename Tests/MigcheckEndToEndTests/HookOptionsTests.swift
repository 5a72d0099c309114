import Foundation
import Testing

@testable import MigcheckCore

/// post_write_hooks option parsing against Alembic's own `_parse_cmdline_options`.
@Suite("post_write_hooks options compared with Alembic")
struct HookOptionsTests {
    @Test("options split and substituted as Alembic does")
    func matchesAlembic() throws {
        let options = [
            "", "-l 79", "check --fix REVISION_SCRIPT_FILENAME", "--config 'my file.toml' REVISION_SCRIPT_FILENAME",
            #"-c "a \"quoted\" word" x\ y"#, "  spaced   out  ", "--out=REVISION_SCRIPT_FILENAME.bak",
        ]
        let script = """
            import json, sys
            from alembic.script.write_hooks import _parse_cmdline_options
            print(json.dumps([_parse_cmdline_options(o, "/tmp/v/abc_.py") for o in json.load(sys.stdin)]))
            """
        let result = try ProcessRunner.run(TestEnvironment.python, ["-c", script], input: try JSONEncoder().encode(options))
        try #require(result.status == 0, "\(result.stderrText)")
        let expected = try JSONDecoder().decode([[String]].self, from: result.stdout)
        #expect(options.map { PostWriteHooks.options($0, path: "/tmp/v/abc_.py") } == expected)
    }
}
