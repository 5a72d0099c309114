import Foundation
import Testing

/// `migcheck merge` against real `alembic merge`: same file name, same bytes except the Create
/// Date line, and one head afterwards, for every template style and for 2 and 3 heads.
@Suite("merge writer compared with alembic merge")
struct MergeComparisonTests {
    /// Runs both tools on copies of the same project and compares what each wrote.
    static func compare(
        style: String, heads: Int, mergeArguments: [String], revisions: [String] = [], iniExtra: String = "", postWriteHooks: String = "",
        migcheckEnvironment: [String: String] = [:],
        setUp: (URL) throws -> Void = { _ in }
    ) throws -> (alembicFile: String, migcheckFile: String, migcheckData: Data, project: URL) {
        let scratch = try ScratchDirectory(purpose: "test-merge-\(style)")
        let alembicDir = scratch.sub("alembic")
        let migcheckDir = scratch.sub("migcheck")
        try FileManager.default.createDirectory(at: alembicDir, withIntermediateDirectories: true)
        try MergeProject.make(style: style, heads: heads, in: alembicDir, iniExtra: iniExtra, postWriteHooks: postWriteHooks)
        try setUp(alembicDir)
        try MergeProject.copy(alembicDir, to: migcheckDir)
        let before = MergeProject.files(under: alembicDir)

        let alembic = try TestEnvironment.runAlembic(
            ["merge"] + mergeArguments + (revisions.isEmpty ? ["heads"] : revisions), in: alembicDir)
        try #require(alembic.status == 0, "alembic merge failed: \(alembic.stderrText)")
        let migcheck = try TestEnvironment.runMigcheck(
            ["merge"] + mergeArguments + revisions, in: migcheckDir, environment: migcheckEnvironment)
        try #require(migcheck.status == 0, "migcheck merge failed (\(migcheck.status)): \(migcheck.stdoutText)\(migcheck.stderrText)")

        let alembicNew = MergeProject.newFiles(before: before, after: alembicDir)
        let migcheckNew = MergeProject.newFiles(before: before, after: migcheckDir)
        try #require(alembicNew.count == 1, "alembic wrote \(alembicNew)")
        #expect(migcheckNew == alembicNew, "file names differ")
        let ours = try Data(contentsOf: migcheckDir.appendingPathComponent(migcheckNew[0]))
        let theirs = try Data(contentsOf: alembicDir.appendingPathComponent(alembicNew[0]))
        let (oursRest, oursDate) = MergeProject.splitCreateDate(ours)
        let (theirsRest, theirsDate) = MergeProject.splitCreateDate(theirs)
        #expect(oursRest == theirsRest, "\(style): bytes differ from alembic's\n--- alembic\n\(theirsRest)\n--- migcheck\n\(oursRest)")
        #expect((oursDate == nil) == (theirsDate == nil))
        if let oursDate {
            #expect(
                oursDate.range(of: #"^Create Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?([+-]\d\d:\d\d)?$"#, options: .regularExpression)
                    != nil, "\(oursDate)")
        }
        #expect(migcheck.stdoutText.contains(migcheckNew[0]), "the path is printed: \(migcheck.stdoutText)")

        let headsAfter = try TestEnvironment.runAlembic(["heads"], in: migcheckDir)
        #expect(headsAfter.status == 0, "\(headsAfter.stderrText)")
        let lines = headsAfter.stdoutText.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasSuffix("(head)"), "alembic heads after migcheck merge: \(headsAfter.stdoutText)")
        #expect(migcheck.stdoutText.contains("Single head now: "))
        // Keep the scratch directory alive until here.
        withExtendedLifetime(scratch) {}
        return (alembicNew[0], migcheckNew[0], ours, migcheckDir)
    }

    @Test("same file as alembic merge heads", arguments: MergeProject.styles, [2, 3])
    func sameFile(style: String, heads: Int) throws {
        _ = try Self.compare(
            style: style, heads: heads, mergeArguments: ["-m", "Merge heads: fix #12 & ünïcode 'quoted'", "--rev-id", "9e9e9e9e9e9e"],
            revisions: ["heads"])
    }

    @Test("without -m: 'empty message' and <rev>_.py", arguments: ["generic", "alembic-1.0", "superset"])
    func emptyMessage(style: String) throws {
        let result = try Self.compare(style: style, heads: 2, mergeArguments: ["--rev-id", "abc123"])
        #expect(result.migcheckFile.hasSuffix("abc123_.py"))
    }

    @Test("explicit revisions keep their order; prefixes resolve")
    func explicitOrder() throws {
        let result = try Self.compare(
            style: "generic", heads: 3, mergeArguments: ["-m", "m", "--rev-id", "r1"], revisions: ["7e2d", "f3c0a1b2c3d4", "0a1b"])
        let text = String(decoding: result.migcheckData, as: UTF8.self)
        #expect(text.contains("down_revision: Union[str, Sequence[str], None] = ('7e2d9c8b7a6f', 'f3c0a1b2c3d4', '0a1b2c3d4e5f')"))
    }

    @Test("--branch-label is written as Alembic writes it")
    func branchLabel() throws {
        let result = try Self.compare(
            style: "alembic-1.11", heads: 2, mergeArguments: ["-m", "merge", "--rev-id", "bl1", "--branch-label", "feature"])
        #expect(
            String(decoding: result.migcheckData, as: UTF8.self).contains("branch_labels: Union[str, Sequence[str], None] = ('feature',)"))
    }

    @Test("slug truncation and a long message")
    func slugTruncation() throws {
        _ = try Self.compare(
            style: "generic", heads: 2,
            mergeArguments: ["-m", "Merge the very long branch names of feature-x and bugfix-y together, finally!", "--rev-id", "t1"],
            iniExtra: "truncate_slug_length = 23\n")
    }

    @Test("file_template with date tokens, subdirectories and a timezone")
    func dateTokens() throws {
        // Compared with alembic except the name's time part (the two run a moment apart): the
        // name must agree with the Create Date migcheck wrote, and the offset with the zone's.
        let scratch = try ScratchDirectory(purpose: "test-merge-dates")
        let dir = scratch.sub("p")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let template =
            "file_template = %%(year)d/%%(month).2d/%%(day).2d_%%(hour).2d%%(minute).2d%%(second).2d_%%(epoch)s_%%(rev)s_%%(slug)s\n"
        try MergeProject.make(
            style: "generic", heads: 2, in: dir, iniExtra: template + "timezone = Asia/Kolkata\nrecursive_version_locations = true\n")
        let before = MergeProject.files(under: dir)
        let result = try TestEnvironment.runMigcheck(["merge", "-m", "dated", "--rev-id", "d1"], in: dir)
        try #require(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        let new = MergeProject.newFiles(before: before, after: dir)
        try #require(new.count == 1)
        let (_, dateLine) = MergeProject.splitCreateDate(try Data(contentsOf: dir.appendingPathComponent(new[0])))
        let date = try #require(dateLine).replacingOccurrences(of: "Create Date: ", with: "")
        #expect(date.hasSuffix("+05:30"), "Asia/Kolkata is +05:30: \(date)")
        let f = date.split(whereSeparator: { "- :.+".contains($0) }).map(String.init)
        // Python: int(create_date.timestamp()) for the same instant.
        let epoch = try TestEnvironment.runPython([
            "-c", "import datetime,sys; print(int(datetime.datetime.fromisoformat(sys.argv[1]).timestamp()))", date,
        ])
        let expected =
            "migrations/versions/\(f[0])/\(f[1])/\(f[2])_\(f[3])\(f[4])\(f[5])_\(epoch.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))_d1_dated.py"
        #expect(new[0] == expected)
        let heads = try TestEnvironment.runAlembic(["heads"], in: dir)
        #expect(heads.stdoutText == "d1 (head)\n", "\(heads.stdoutText)\(heads.stderrText)")
        // Alembic writes the same zone offset.
        let alembicDir = scratch.sub("a")
        try FileManager.default.createDirectory(at: alembicDir, withIntermediateDirectories: true)
        try MergeProject.make(style: "generic", heads: 2, in: alembicDir, iniExtra: template + "timezone = Asia/Kolkata\n")
        let alembic = try TestEnvironment.runAlembic(["merge", "-m", "dated", "--rev-id", "d1", "heads"], in: alembicDir)
        try #require(alembic.status == 0, "\(alembic.stderrText)")
        let alembicNew = MergeProject.newFiles(before: before, after: alembicDir)
        let (_, alembicDate) = MergeProject.splitCreateDate(try Data(contentsOf: alembicDir.appendingPathComponent(alembicNew[0])))
        #expect(alembicDate?.hasSuffix("+05:30") == true)
        #expect(alembicNew[0].hasPrefix("migrations/versions/\(f[0])/"))
    }

    @Test("timezone names are tried upper-cased too, as Alembic does (utc → UTC)")
    func upperCasedZone() throws {
        let result = try Self.compare(
            style: "generic", heads: 2, mergeArguments: ["-m", "utc", "--rev-id", "z1"], iniExtra: "timezone = utc\n")
        #expect(MergeProject.splitCreateDate(result.migcheckData).createDate?.hasSuffix("+00:00") == true)
    }

    @Test("several version locations: the file goes beside the first head, as Alembic puts it")
    func versionLocations() throws {
        _ = try Self.compare(
            style: "generic", heads: 3, mergeArguments: ["-m", "m", "--rev-id", "vl1"],
            iniExtra: "version_locations = %(here)s/other %(here)s/migrations/versions\n"
        ) { dir in
            // Move one head to the second location, ahead of the others in load order.
            let other = dir.appendingPathComponent("other")
            try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
            let versions = dir.appendingPathComponent("migrations/versions")
            let moved = try #require(try FileManager.default.contentsOfDirectory(atPath: versions.path).first { $0.hasPrefix("7e2d") })
            try FileManager.default.moveItem(at: versions.appendingPathComponent(moved), to: other.appendingPathComponent(moved))
        }
    }

    @Test("exec post_write_hooks run and give the same result as Alembic's")
    func postWriteHookExec() throws {
        let hooks = """

            [post_write_hooks]
            hooks = stamp
            stamp.type = exec
            stamp.executable = %(here)s/stamp.sh
            stamp.options = --marker "formatted by stamp" REVISION_SCRIPT_FILENAME

            """
        let result = try Self.compare(
            style: "generic", heads: 2, mergeArguments: ["-m", "hooked", "--rev-id", "h1"], postWriteHooks: hooks
        ) { dir in
            let script = dir.appendingPathComponent("stamp.sh")
            try "#!/bin/sh\n# usage: stamp.sh --marker TEXT FILE\nprintf '# %s\\n' \"$2\" >> \"$3\"\n".write(
                to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
        #expect(String(decoding: result.migcheckData, as: UTF8.self).hasSuffix("# formatted by stamp\n"))
    }

    @Test("module post_write_hooks run with the project's virtualenv python, as Alembic's do")
    func postWriteHookModule() throws {
        let hooks = """

            [post_write_hooks]
            hooks = tidy
            tidy.type = module
            tidy.module = tidy_hook
            tidy.options = REVISION_SCRIPT_FILENAME --note "tidied"

            """
        let venv = URL(fileURLWithPath: TestEnvironment.python).deletingLastPathComponent().deletingLastPathComponent().path
        let result = try Self.compare(
            style: "async", heads: 2, mergeArguments: ["-m", "tidy", "--rev-id", "h3"], postWriteHooks: hooks,
            migcheckEnvironment: ["VIRTUAL_ENV": venv]
        ) { dir in
            let module =
                "import sys\npath, note = sys.argv[1], sys.argv[3]\nwith open(path, 'a') as f:\n    f.write('# ' + note + ' by ' + __name__ + '\\n')\n"
            try module.write(to: dir.appendingPathComponent("tidy_hook.py"), atomically: true, encoding: .utf8)
        }
        #expect(String(decoding: result.migcheckData, as: UTF8.self).hasSuffix("# tidied by __main__\n"))
    }
}
