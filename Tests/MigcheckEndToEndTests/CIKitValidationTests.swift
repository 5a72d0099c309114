import Foundation
import Testing

@testable import MigcheckCore

/// The CI kit's files and the project's own release workflow pass the validators GitHub and GitLab
/// users run (actionlint, zizmor, check-jsonschema's vendored schemas, shellcheck), and the
/// validators do catch mistakes in them.
@Suite("CI kit validation", .serialized)
struct CIKitValidationTests {
    let workflow = "ci/github/migcheck.yml"
    let release = ".github/workflows/release.yml"

    func expectClean(_ result: ProcessResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 0, "\(what): \(result.stdoutText)\(result.stderrText)", sourceLocation: sourceLocation)
    }

    @Test func jsonSchemas() throws {
        expectClean(
            try CIKit.run("check-jsonschema", ["--builtin-schema", "vendor.github-workflows", workflow, release]), "workflow schema")
        expectClean(try CIKit.run("check-jsonschema", ["--builtin-schema", "vendor.github-actions", "action.yml"]), "action schema")
        expectClean(
            try CIKit.run("check-jsonschema", ["--builtin-schema", "vendor.gitlab-ci", "ci/gitlab/migcheck.gitlab-ci.yml"]),
            "GitLab schema")
        // The schema does reject a broken template.
        let scratch = try TemporaryDirectory(purpose: "schema")
        defer { scratch.remove() }
        let broken = scratch.url.appendingPathComponent("broken.gitlab-ci.yml")
        let text = try String(contentsOfFile: CIKit.path("ci/gitlab/migcheck.gitlab-ci.yml"), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "when: always", with: "when: sometimes").utf8).write(to: broken)
        #expect(try CIKit.run("check-jsonschema", ["--builtin-schema", "vendor.gitlab-ci", broken.path]).status != 0)
    }

    @Test func zizmorOffline() throws {
        let result = try CIKit.run("zizmor", ["--offline", "--config", "ci/github/zizmor.yml", "action.yml", workflow, release])
        expectClean(result, "zizmor")
        #expect(result.stdoutText.contains("No findings"), "\(result.stdoutText)")
        // An unpinned third-party action and an input interpolated into a script are flagged.
        let scratch = try TemporaryDirectory(purpose: "zizmor")
        defer { scratch.remove() }
        let bad = scratch.url.appendingPathComponent("bad.yml")
        let text = try String(contentsOfFile: CIKit.path(workflow), encoding: .utf8)
            .replacingOccurrences(
                of: "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2", with: "actions/checkout@v4"
            )
            .replacingOccurrences(
                of: "run: python -m pip install -r requirements.txt", with: "run: echo \"${{ github.event.pull_request.title }}\"")
        try Data(text.utf8).write(to: bad)
        let flagged = try CIKit.run("zizmor", ["--offline", "--config", CIKit.path("ci/github/zizmor.yml"), bad.path])
        #expect(flagged.status != 0)
        #expect(flagged.stdoutText.contains("unpinned-uses"))
        #expect(flagged.stdoutText.contains("template-injection"))
    }

    /// actionlint checks workflows, and the action's metadata through a workflow that uses it
    /// locally (`uses: ./`), with shellcheck on every `run:` script.
    @Test func actionlintWithTheActionMetadata() throws {
        let scratch = try TemporaryDirectory(purpose: "actionlint")
        defer { scratch.remove() }
        let root = scratch.url
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".github/workflows"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CIKit.path("action.yml"), toPath: root.appendingPathComponent("action.yml").path)
        let local = try String(contentsOfFile: CIKit.path(workflow), encoding: .utf8)
            .replacingOccurrences(of: "migcheck/migcheck@v0.1.0", with: "./")
        #expect(local.contains("uses: ./\n"))
        let target = root.appendingPathComponent(".github/workflows/migcheck.yml")
        try Data(local.utf8).write(to: target)
        _ = try ScratchRepository.runGit(["init", "-q"], in: root)
        expectClean(try CIKit.run("actionlint", ["-shellcheck", try CIKit.tool("shellcheck"), target.path], in: root), "actionlint")
        expectClean(try CIKit.run("actionlint", ["-shellcheck", try CIKit.tool("shellcheck"), CIKit.path(release)]), "release")
        // The action's inputs are checked: an unknown one is an error.
        try Data(local.replacingOccurrences(of: "command: check", with: "comand: check").utf8).write(to: target)
        let typo = try CIKit.run("actionlint", [target.path], in: root)
        #expect(typo.status != 0)
        #expect(typo.stdoutText.contains("comand"), "\(typo.stdoutText)")
    }

    @Test func shellcheckTheActionScript() throws {
        expectClean(try CIKit.run("shellcheck", ["ci/github/run-migcheck.sh"]), "shellcheck")
    }

    /// The action and the template install the version this build reports, so a release bumps them together.
    @Test func defaultVersionsMatchTheBinary() throws {
        let action = try String(contentsOfFile: CIKit.path("action.yml"), encoding: .utf8)
        #expect(action.contains("default: \"\(MigcheckVersion.current)\""))
        let template = try String(contentsOfFile: CIKit.path("ci/gitlab/migcheck.gitlab-ci.yml"), encoding: .utf8)
        #expect(template.contains("MIGCHECK_VERSION: \"\(MigcheckVersion.current)\""))
        let (variables, _) = try CIKit.gitlabJob("migcheck-check")
        #expect(variables["MIGCHECK_VERSION"] == MigcheckVersion.current)
    }
}
