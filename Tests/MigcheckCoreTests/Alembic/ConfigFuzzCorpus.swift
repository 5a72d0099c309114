import Foundation

/// Generated `alembic.ini` and `pyproject.toml` files for the config readers' fuzz test, most of
/// them damaged afterwards (the revision corpus's mutations).
enum ConfigFuzzCorpus {
    typealias Random = RevisionCacheFuzzTests.SplitMix

    static func pick<T>(_ items: [T], _ random: inout Random) -> T { RevisionFuzzCorpus.pick(items, &random) }

    /// An ini: sections, `=`/`:` keys, interpolation, continuation lines, comments, blank lines.
    static func ini(_ index: Int, _ random: inout Random) -> [UInt8] {
        var lines: [String] = []
        for _ in 0..<(1 + Int(random.next() % 4)) {
            lines.append(pick(["[alembic]", "[DEFAULT]", "[loggers]", "[alembic:extra]", "[ spaced ]", "[a]b]"], &random))
            for _ in 0..<Int(random.next() % 6) {
                let key = pick(["script_location", "Version_Locations", "sqlalchemy.url", "path_separator", "k", "x y"], &random)
                let value = pick(
                    [
                        "%(here)s/migrations", "a %% b", "%(missing)s", "%(K)s", "%(", "50%", "", "caf\u{E9} \u{2603}",
                        "one\n    two\n\n    three", "v ; not a comment", "postgresql://u:p%%40@h/db",
                    ], &random)
                lines.append(pick(["", " ", "\t"], &random) + key + pick([" = ", "=", ": ", " :"], &random) + value)
                if random.next() % 5 == 0 { lines.append(pick(["# comment", "; comment", "  # indented comment", ""], &random)) }
            }
        }
        return finish(lines, index, &random)
    }

    /// A pyproject.toml with `[tool.alembic]` and `[tool.migcheck]` tables.
    static func toml(_ index: Int, _ random: inout Random) -> [UInt8] {
        var lines = ["[project]", "name = \"x\""]
        if random.next() % 4 != 0 {
            lines += [
                "[tool.alembic]", "script_location = " + pick(["\"%(here)s/m\"", "'m'", "5", "\"\"\"m\"\"\"", "[\"m\"]"], &random),
                pick(["version_locations = [\"a\", \"b\"]", "recursive_version_locations = true", "prepend_sys_path = ['.']"], &random),
            ]
        }
        if random.next() % 3 == 0 {
            lines += [
                "[tool.migcheck]", pick(["base = \"origin/main\"", "strict = true", "rules = { cycle = \"off\" }", "nope = 1"], &random),
                pick(["irreversible = [\"a1\"]", "schema-preset = \"none\"", "fetch = false", ""], &random),
            ]
        }
        return finish(lines, index, &random)
    }

    /// Joins `lines` with a random line ending; three cases in four are mutated.
    static func finish(_ lines: [String], _ index: Int, _ random: inout Random) -> [UInt8] {
        let ending = pick(["\n", "\n", "\r\n", "\r"], &random)
        let bytes = Array((lines.joined(separator: "\n") + "\n").replacingOccurrences(of: "\n", with: ending).utf8)
        guard index % 4 != 0 else { return bytes }
        var mutated = bytes
        for _ in 0..<(1 + Int(random.next() % 2)) { mutated = RevisionFuzzCorpus.mutate(mutated, &random) }
        return mutated
    }
}
