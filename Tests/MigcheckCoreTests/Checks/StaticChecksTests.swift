import Foundation
import Testing

@testable import MigcheckCore

@Suite struct StaticChecksTests {
    /// Writes an environment with the given revision files and runs the static checks.
    func check(_ files: [String: String], settings: MigcheckSettings = MigcheckSettings()) throws -> [Finding] {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("alembic.ini", "[alembic]\nscript_location = %(here)s/m\n")
        for (name, text) in files { try dir.write("m/versions/\(name)", text) }
        let env = try AlembicConfigReader.read(configPath: "alembic.ini", in: dir.tree)
        let project = try RevisionLoader.load(env, from: dir.tree)
        return settings.apply(StaticChecks.run(project, settings: settings))
    }

    func rules(_ findings: [Finding]) -> [String] { findings.map(\.rule.rawValue).sorted() }

    @Test func cleanLinearHistoryHasNoFindings() throws {
        let findings = try check([
            "a_first.py": revisionSource("a"),
            "b_second.py": revisionSource("b", down: ["a"]),
        ])
        #expect(findings.isEmpty)
    }

    @Test func multipleHeadsNamesEveryHeadAndFile() throws {
        let findings = try check([
            "a.py": revisionSource("a"), "b.py": revisionSource("b", down: ["a"]), "c.py": revisionSource("c", down: ["a"]),
        ])
        #expect(rules(findings) == ["multiple-heads"])
        #expect(findings[0].message == "2 heads: b (m/versions/b.py), c (m/versions/c.py)")
        #expect(findings[0].severity == .error)
    }

    @Test func mergeRevisionResolvesHeads() throws {
        let findings = try check([
            "a.py": revisionSource("a"), "b.py": revisionSource("b", down: ["a"]), "c.py": revisionSource("c", down: ["a"]),
            "d.py": revisionSource("d", down: ["b", "c"], upgrade: "pass", downgrade: "pass"),
        ])
        #expect(findings.isEmpty)
    }

    @Test func missingParentPointsAtTheDownRevisionLine() throws {
        let findings = try check(["a.py": revisionSource("a"), "b.py": revisionSource("b", down: ["gone"])])
        #expect(rules(findings) == ["missing-parent"])
        #expect(findings[0].path == "m/versions/b.py")
        #expect(findings[0].line == 9)
    }

    @Test func duplicateRevisionAndBranchLabel() throws {
        let findings = try check([
            "a1.py": revisionSource("a"), "a2.py": revisionSource("a"),
            "b.py": revisionSource("b", down: ["a"], labels: ["x"]), "c.py": revisionSource("c", down: ["b"], labels: ["x"]),
        ])
        #expect(rules(findings).contains("duplicate-revision"))
        #expect(rules(findings).contains("duplicate-branch-label"))
    }

    @Test func cycleAndInvalidId() throws {
        let findings = try check([
            "a.py": revisionSource("a", down: ["b"]), "b.py": revisionSource("b", down: ["a"]),
            "c.py": revisionSource("bad:id"),
        ])
        #expect(rules(findings).contains("cycle"))
        #expect(rules(findings).contains("invalid-revision-id"))
    }

    @Test func parseErrorNonLiteralAndStrayFile() throws {
        let findings = try check([
            "a.py": revisionSource("a"),
            "b.py": "revision = 'b'\ndown_revision = 'a'\ndef upgrade(:\n",
            "c.py": "revision = 'c'\ndown_revision = 'a'\nbranch_labels = (cli.EXPAND,)\n",
            "helpers.py": "def helper():\n    return 1\n",
            "__init__.py": "",
        ])
        let r = rules(findings)
        #expect(r.contains("parse-error"))
        #expect(r.contains("non-literal-value"))
        #expect(r.contains("stray-file"))
        #expect(findings.first { $0.rule == .nonLiteralValue }?.line == 3)
        #expect(!findings.contains { $0.path?.hasSuffix("__init__.py") == true })
    }

    @Test(arguments: [
        ("pass", true), ("raise NotImplementedError()", false), ("...", true),
        ("op.drop_table('t')", false),
    ])
    func missingDowngrade(body: String, fires: Bool) throws {
        let findings = try check(["a.py": revisionSource("a", upgrade: "op.create_table('t')", downgrade: body)])
        #expect(findings.contains { $0.rule == .missingDowngrade } == fires)
    }

    /// A downgrade that only raises is one-way by intent: the same `irreversible` warning the
    /// round trip gives, naming the marker, and nothing once the revision is marked or listed.
    @Test(arguments: [
        "raise RuntimeError(\"Cannot undelete data!\")", "raise NotImplementedError", "raise Exception()",
        "\"\"\"One way.\"\"\"\n    raise NotImplementedError(\"no\")", "raise errors.OneWay('x')",
    ])
    func downgradeThatOnlyRaisesIsIrreversible(body: String) throws {
        let source = revisionSource("a", upgrade: "op.create_table('t')", downgrade: body)
        let findings = try check(["a.py": source])
        #expect(rules(findings) == ["irreversible"], "\(findings.map(\.message))")
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.message.contains("# migcheck: irreversible") == true)
        #expect(findings.first?.hint?.contains("irreversible") == true)
        #expect(try check(["a.py": "# migcheck: irreversible\n" + source]).isEmpty)
        var settings = MigcheckSettings()
        settings.irreversible = ["a"]
        #expect(try check(["a.py": source], settings: settings).isEmpty)
    }

    /// Upgrades made only of no-ops need no downgrade: `pass`, `...`, docstrings and early returns.
    @Test(arguments: [
        "\"\"\"Nothing to do on this engine.\"\"\"\n    if context.is_offline_mode(): return\n    pass",
        "if op.get_bind().dialect.name != 'postgresql':\n        return\n    pass",
        "if not should_run():\n        return None\n    ...",
        "return\n    op.create_table('never')",
    ])
    func noOpUpgradeNeedsNoDowngrade(body: String) throws {
        let findings = try check([
            "a.py": revisionSource("a", upgrade: body, downgrade: "pass").replacingOccurrences(of: "def downgrade():\n    pass\n", with: "")
        ])
        #expect(findings.isEmpty, "\(findings.map(\.message))")
    }

    /// An early return that guards real work does not make the upgrade a no-op.
    @Test func guardedWorkStillNeedsADowngrade() throws {
        let body = "if context.is_offline_mode():\n        return\n    op.create_table('t')"
        #expect(rules(try check(["a.py": revisionSource("a", upgrade: body, downgrade: "pass")])) == ["missing-downgrade"])
        let raisesLate = revisionSource("b", upgrade: "op.create_table('t')", downgrade: "op.drop_table('t')\n    raise RuntimeError('x')")
        #expect(try check(["b.py": raisesLate]).isEmpty)
    }

    @Test func noOpAndMergeRevisionsNeedNoDowngrade() throws {
        let findings = try check(["a.py": revisionSource("a", upgrade: "pass", downgrade: "pass")])
        #expect(findings.isEmpty)
    }

    @Test func irreversibleMarkerAndAllowlistAcceptMissingDowngrade() throws {
        let marked = "# migcheck: irreversible\n" + revisionSource("a", upgrade: "op.create_table('t')", downgrade: "pass")
        #expect(try check(["a.py": marked]).isEmpty)
        var settings = MigcheckSettings()
        settings.irreversible = ["a"]
        #expect(try check(["a.py": revisionSource("a", upgrade: "op.create_table('t')", downgrade: "pass")], settings: settings).isEmpty)
    }

    @Test func headerMismatchIsAWarningThatStrictRaises() throws {
        let text = revisionSource("a").replacingOccurrences(of: "Revision ID: a", with: "Revision ID: zzz")
        let findings = try check(["a.py": text])
        #expect(rules(findings) == ["header-mismatch"])
        #expect(findings[0].severity == .warning)
        var strict = MigcheckSettings()
        strict.strict = true
        #expect(try check(["a.py": text], settings: strict)[0].severity == .error)
        var off = MigcheckSettings()
        off.severities[.headerMismatch] = .some(nil)
        #expect(try check(["a.py": text], settings: off).isEmpty)
    }

    @Test func settingsParseRulesAndRejectUnknownKeys() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write(
            "pyproject.toml",
            """
            [tool.migcheck]
            strict = true
            irreversible = ["abc"]
            [tool.migcheck.rules]
            header-mismatch = "off"
            multiple-heads = "warning"
            """)
        let settings = try MigcheckSettings.load(near: "", in: dir.tree)
        #expect(settings.strict)
        #expect(settings.irreversible == ["abc"])
        #expect(settings.severities[.headerMismatch] == .some(nil))
        try dir.write("migcheck.toml", "colour = true\n")
        #expect(throws: ConfigurationError.self) { try MigcheckSettings.load(near: "", in: dir.tree) }
    }
}

@Suite struct HeaderParsingTests {
    @Test(arguments: [("a, b", ["a", "b"]), ("('a', 'b')", ["a", "b"]), ("None", []), ("", []), ("  x  ", ["x"]), ("['p',]", ["p"])])
    func revisesValues(text: String, expected: [String]) {
        #expect(RevisionFileParser.normalizeRevises(text) == expected)
    }

    @Test func headerValuesAreFoundOnAnyLine() {
        let header = "add users\n\n  Revision ID: abc\nRevises: x, y\nCreate Date: 2024"
        #expect(RevisionFileParser.headerValue(header, key: "Revision ID:") == "abc")
        #expect(RevisionFileParser.headerValue(header, key: "Revises:") == "x, y")
        #expect(RevisionFileParser.headerValue(header, key: "Missing:") == nil)
    }
}
