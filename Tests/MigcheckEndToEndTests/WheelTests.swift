import Foundation
import Testing

@testable import MigcheckCore

/// The platform wheel installs and runs where there is no Swift and none of the -dev packages:
/// pip into a fresh venv, the sample checked and round-tripped, manylinux and self-contained per
/// auditwheel and ldd, and the real pre-commit tool installing the README's hook from it.
@Suite("Wheel")
struct WheelTests {
    /// The sample project in a fresh git repository (history on main), so the git rules run too.
    static func sampleRepository() throws -> ScratchRepository {
        let repo = try ScratchRepository(project: false)
        let sample = TestEnvironment.packageRoot.appendingPathComponent("migrations")
        try FileManager.default.copyItem(at: sample, to: repo.url.appendingPathComponent("migrations"))
        for cache in ["__pycache__", "versions/__pycache__"] {
            try? FileManager.default.removeItem(at: repo.url.appendingPathComponent("migrations/\(cache)"))
        }
        try repo.commitAll("sample migrations")
        return repo
    }

    @Test func versionIsTheOneInTheSourceEverywhere() throws {
        let installed = try InstalledWheel.get()
        let version = MigcheckVersion.current
        #expect(installed.wheel.lastPathComponent.hasPrefix("migcheck-\(version)-py3-none-manylinux_"))
        let printed = try installed.run(["--version"], in: installed.venv)
        #expect(printed.status == 0, "\(printed.stderrText)")
        #expect(printed.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == version)
        let metadata = try ProcessRunner.run(
            installed.python, ["-c", "import importlib.metadata as m, migcheck; print(m.version('migcheck'), migcheck.__version__)"])
        #expect(metadata.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "\(version) \(version)")
        let module = try ProcessRunner.run(
            installed.python, ["-m", "migcheck", "--version"], environment: InstalledWheel.environmentWithoutSwift())
        #expect(module.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == version, "\(module.stderrText)")
    }

    @Test func checksTheSampleWithoutSwift() throws {
        let installed = try InstalledWheel.get()
        let env = InstalledWheel.environmentWithoutSwift()
        #expect(ProcessRunner.resolveExecutable("swift", path: env["PATH"]) == nil, "swift is still on PATH: \(env["PATH"] ?? "")")
        let repo = try Self.sampleRepository()
        let result = try installed.run(["check"], in: repo.url.appendingPathComponent("migrations"))
        #expect(result.status == 0, "stdout:\n\(result.stdoutText)\nstderr:\n\(result.stderrText)")
        #expect(result.stdoutText.contains("0 errors"), "\(result.stdoutText)")
        // A finding still fails: an edit of the merged sample revision.
        let versions = repo.url.appendingPathComponent("migrations/versions")
        let first = try FileManager.default.contentsOfDirectory(atPath: versions.path).filter { $0.hasSuffix(".py") }.sorted()[0]
        let handle = try FileHandle(forWritingTo: versions.appendingPathComponent(first))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n# edited\nx = 1\n".utf8))
        try handle.close()
        let edited = try installed.run(["check"], in: repo.url.appendingPathComponent("migrations"))
        #expect(edited.status == 1)
        #expect(edited.stdoutText.contains("edited-migration"), "\(edited.stdoutText)")
    }

    @Test func wheelIsManylinuxAndSelfContained() throws {
        let installed = try InstalledWheel.get()
        let show = try ProcessRunner.run(TestEnvironment.python, ["-m", "auditwheel", "show", installed.wheel.path])
        #expect(show.status == 0, "\(show.stderrText)")
        let text = show.stdoutText.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("is consistent with the following platform tag: \"manylinux_2_"), "\(text)")

        // The executable needs only glibc and the C++ runtime: libgit2 is static, libpq is loaded later.
        let binary = try SharedLibraries.resolve(installed.migcheck)
        #expect(!binary.isEmpty)
        for dependency in binary {
            #expect(dependency.path != nil, "\(dependency.soname) not found")
            #expect(SharedLibraries.isSystem(dependency.soname), "the binary links \(dependency.soname)")
        }

        // libpq comes from inside the installed package, and so does everything it needs beyond glibc.
        let libraries = try installed.run(["debug", "libraries"], in: installed.venv)
        #expect(libraries.status == 0, "\(libraries.stderrText)")
        let venvPath = installed.venv.resolvingSymlinksInPath().path
        let libpq = libraries.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "libpq: ", with: "")
        let resolvedLibpq = URL(fileURLWithPath: libpq).resolvingSymlinksInPath().path
        #expect(resolvedLibpq.hasPrefix(venvPath + "/lib/"), "libpq loaded from \(libpq)")
        #expect(resolvedLibpq.contains("-packages/migcheck/_libpq/"), "libpq loaded from \(libpq)")
        let dependencies = try SharedLibraries.resolve(resolvedLibpq)
        #expect(dependencies.contains { $0.soname.hasPrefix("libssl") }, "libpq has no TLS dependency? \(dependencies)")
        for dependency in dependencies {
            guard let path = dependency.path else {
                Issue.record("libpq's \(dependency.soname) not found")
                continue
            }
            if SharedLibraries.isSystem(dependency.soname) { continue }
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            #expect(resolved.hasPrefix(venvPath + "/") && resolved.contains("migcheck.libs/"), "\(dependency.soname) => \(path)")
        }
    }

    @Test func roundTripsTheSampleWithTheBundledLibpq() throws {
        let installed = try InstalledWheel.get()
        let repo = try Self.sampleRepository()
        let result = try installed.run(
            ["roundtrip", "--python", TestEnvironment.python], in: repo.url.appendingPathComponent("migrations"))
        #expect(result.status == 0, "stdout:\n\(result.stdoutText)\nstderr:\n\(result.stderrText)")
        #expect(result.stdoutText.contains("round-tripped"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("0 errors"), "\(result.stdoutText)")
    }

    /// The README's `repo: local` block, as written, with the wheel offered through PIP_FIND_LINKS:
    /// pre-commit installs migcheck into its own environment (no Swift on PATH) and refuses a commit
    /// that edits a merged migration.
    @Test(.timeLimit(.minutes(10))) func preCommitInstallsTheWheelHookAndRefusesAnEdit() throws {
        let installed = try InstalledWheel.get()
        let block = try Self.readmePreCommitBlock()
        #expect(block.contains("migcheck==\(MigcheckVersion.current)"), "README pins another version:\n\(block)")
        let preCommit = URL(fileURLWithPath: TestEnvironment.python).deletingLastPathComponent().appendingPathComponent("pre-commit").path
        let repo = try ScratchRepository.withHistory()
        try repo.write(".pre-commit-config.yaml", block)
        try repo.commitAll("pre-commit config")
        try repo.git(["checkout", "-q", "-b", "feature"])

        var env = InstalledWheel.environmentWithoutSwift()
        env["PRE_COMMIT_HOME"] = repo.directory.url.appendingPathComponent("pre-commit-home").path
        env["PIP_FIND_LINKS"] = installed.wheel.deletingLastPathComponent().path
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        #expect(ProcessRunner.resolveExecutable("swift", path: env["PATH"]) == nil)
        let install = try ProcessRunner.run(preCommit, ["install", "--install-hooks"], environment: env, directory: repo.url)
        #expect(install.status == 0, "\(install.stdoutText)\(install.stderrText)")

        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
        try repo.git(["add", "-A"])
        let refused = try ProcessRunner.run("git", ["commit", "-m", "edit a merged migration"], environment: env, directory: repo.url)
        #expect(refused.status != 0, "the commit went through:\n\(refused.stdoutText)\(refused.stderrText)")
        #expect((refused.stdoutText + refused.stderrText).contains("edited-migration"), "\(refused.stdoutText)\(refused.stderrText)")

        try repo.git(["checkout", "-q", "HEAD", "--", ScratchRepository.revisionPath("bbb")])
        try repo.addRevision("ccc", down: "bbb")
        try repo.git(["add", "-A"])
        let accepted = try ProcessRunner.run("git", ["commit", "-m", "a new revision"], environment: env, directory: repo.url)
        #expect(accepted.status == 0, "\(accepted.stdoutText)\(accepted.stderrText)")
        #expect((accepted.stdoutText + accepted.stderrText).contains("Passed"), "\(accepted.stdoutText)\(accepted.stderrText)")
    }

    /// The YAML block under README's "pre-commit without Swift" marker.
    static func readmePreCommitBlock() throws -> String {
        let readme = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = "<!-- pre-commit-wheel-config -->"
        guard let start = readme.range(of: marker),
            let open = readme.range(of: "```yaml\n", range: start.upperBound..<readme.endIndex),
            let close = readme.range(of: "```", range: open.upperBound..<readme.endIndex)
        else { throw WheelSetupError(step: "README.md", output: "no ```yaml block after \(marker)") }
        return String(readme[open.upperBound..<close.lowerBound])
    }
}

/// The release procedure's consistency check: tag, `Version.swift` and CHANGELOG agree.
@Suite("Release check")
struct ReleaseCheckTests {
    static func run(_ tag: String) throws -> ProcessResult {
        try ProcessRunner.run(
            "bash", [TestEnvironment.packageRoot.appendingPathComponent("ci/release-check.sh").path, tag],
            directory: TestEnvironment.packageRoot)
    }

    @Test func theCurrentVersionHasItsTagAndNotes() throws {
        let result = try Self.run("v\(MigcheckVersion.current)")
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.contains("\n- "), "no entries printed:\n\(result.stdoutText)")
    }

    @Test func anotherTagIsRefusedNamingTheVersion() throws {
        let result = try Self.run("v99.0.0")
        #expect(result.status == 1)
        #expect(result.stderrText.contains("Sources/MigcheckCore/Version.swift (v\(MigcheckVersion.current))"), "\(result.stderrText)")
        let usage = try Self.run("")
        #expect(usage.status == 1 || usage.status == 64)
    }
}
