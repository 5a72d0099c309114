import Foundation
import Testing

@testable import MigcheckCore

/// The action's script (`ci/github/run-migcheck.sh`, exactly what action.yml runs) and the GitLab
/// template's job scripts, executed for real with the variables GitHub and GitLab set, the platform
/// wheel offered locally to pip, real git clones and a real PostgreSQL standing in for the service.
@Suite("CI kit runs", .serialized)
struct CIKitRunTests {
    let script = CIKit.path("ci/github/run-migcheck.sh")

    /// pip's offline source: the directory of the platform wheel (`ci/build-wheel.sh`), as a
    /// user would pass `--find-links dist`.
    func pipArgs(_ root: URL) throws -> String {
        let wheel = try InstalledWheel.get().wheel
        return "--no-index --find-links \(wheel.deletingLastPathComponent().path)"
    }

    /// Runs the action's install step; returns the environment later steps see (GITHUB_ENV applied).
    func installAction(_ root: URL) throws -> [String: String] {
        let runner = root.appendingPathComponent("runner-temp")
        try FileManager.default.createDirectory(at: runner, withIntermediateDirectories: true)
        var env = CIKit.environment
        env.merge([
            "RUNNER_TEMP": runner.path, "GITHUB_PATH": runner.appendingPathComponent("path").path,
            "GITHUB_ENV": runner.appendingPathComponent("env").path, "MIGCHECK_ACTION_VERSION": MigcheckVersion.current,
            "MIGCHECK_ACTION_PIP_ARGS": try pipArgs(root), "MIGCHECK_ACTION_PYTHON": TestEnvironment.python,
        ]) { $1 }
        let install = try ProcessRunner.run("bash", [script, "install"], environment: env, directory: root)
        #expect(install.status == 0, "install: \(install.stdoutText)\(install.stderrText)")
        #expect(install.stdoutText.contains(MigcheckVersion.current))
        let path = try String(contentsOfFile: env["GITHUB_PATH"]!, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(path == runner.appendingPathComponent("migcheck-bin").path)
        var next = CIKit.environment
        next["RUNNER_TEMP"] = runner.path
        next["PATH"] = "\(path):\(next["PATH"] ?? "")"
        for line in try String(contentsOfFile: env["GITHUB_ENV"]!, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { next[parts[0]] = parts[1] }
        }
        #expect(next["MIGCHECK_BIN"] == runner.appendingPathComponent("migcheck-bin/migcheck").path)
        return next
    }

    @Test func actionChecksAPushWithSARIFAnnotationsAndSummary() throws {
        let scenario = try CIScenario()
        let before = try scenario.sha("main")
        try CIScenario.editBBB(scenario.origin)
        try scenario.origin.commitAll("edit bbb")
        try scenario.origin.addRevision("ccc", down: "bbb")
        try scenario.origin.commitAll("ccc")
        // actions/checkout's default depth 1: the action's --fetch brings the history in.
        let clone = try scenario.checkout("checkout", depth: 1)
        var env = try installAction(scenario.root)
        env.merge(try scenario.github("push", payload: ["before": before, "repository": ["default_branch": "main"]])) { $1 }
        let summary = scenario.root.appendingPathComponent("summary.md")
        let output = scenario.root.appendingPathComponent("output")
        env.merge([
            "GITHUB_STEP_SUMMARY": summary.path, "GITHUB_OUTPUT": output.path, "MIGCHECK_ACTION_COMMAND": "check",
            "MIGCHECK_ACTION_SARIF": "migcheck.sarif", "MIGCHECK_ACTION_FETCH": "true",
        ]) { $1 }
        let run = try ProcessRunner.run("bash", [script, "run"], environment: env, directory: clone)
        #expect(run.status == 1, "\(run.stdoutText)\(run.stderrText)")
        #expect(run.stdoutText.contains("::error file=migrations/versions/bbb_step.py,line=15,title=migcheck edited-migration::"))
        #expect(run.stderrText.contains("fetched missing history"))
        #expect(try String(contentsOf: summary, encoding: .utf8).contains("`edited-migration`"))
        #expect(try String(contentsOf: output, encoding: .utf8).contains("check-status=1\n"))
        let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: clone.appendingPathComponent("migcheck.sarif")))
        let results = ((sarif as? [String: Any])?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]
        #expect(results?.map { $0["ruleId"] as? String } == ["edited-migration"])
        // Without --fetch the shallow checkout fails closed (exit 2), and the SARIF says so.
        env["MIGCHECK_ACTION_FETCH"] = "false"
        let shallow = try scenario.checkout("shallow", depth: 1)
        let closed = try ProcessRunner.run("bash", [script, "run"], environment: env, directory: shallow)
        #expect(closed.status == 2, "\(closed.stdoutText)\(closed.stderrText)")
        #expect(closed.stdoutText.contains("::error title=migcheck could not check::"))
        let failed = try String(contentsOf: shallow.appendingPathComponent("migcheck.sarif"), encoding: .utf8)
        #expect(failed.contains("\"executionSuccessful\" : false"))
    }

    @Test func actionRunsCheckAndRoundTripAgainstAServer() throws {
        let project = try GeneratedProject(["--revisions", "4", "--env", "psycopg2", "--seed", "9"])
        defer { project.remove() }
        let repo = project.directory
        _ = try ScratchRepository.runGit(["init", "-q", "-b", "main"], in: repo)
        try ScratchRepository.configure(repo)
        _ = try ScratchRepository.runGit(["add", "-A"], in: repo)
        _ = try ScratchRepository.runGit(["commit", "-q", "-m", "project"], in: repo)
        let server = try HeldServer()
        defer { server.stop() }
        let root = project.tmp
        var env = try installAction(root)
        let event = root.appendingPathComponent("event.json")
        try Data(#"{"repository": {"default_branch": "main"}}"#.utf8).write(to: event)
        env.merge([
            "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "workflow_dispatch", "GITHUB_EVENT_PATH": event.path,
            "GITHUB_STEP_SUMMARY": root.appendingPathComponent("summary.md").path, "MIGCHECK_ACTION_COMMAND": "both",
            "MIGCHECK_ACTION_JUNIT": "roundtrip.xml", "MIGCHECK_DATABASE_URL": server.url,
            // The project's Python, as setup-python plus `pip install -r requirements.txt` provide it.
            "VIRTUAL_ENV": URL(fileURLWithPath: TestEnvironment.python).deletingLastPathComponent().deletingLastPathComponent().path,
            "TMPDIR": project.tmp.path,
        ]) { $1 }
        let run = try ProcessRunner.run("bash", [script, "run"], environment: env, directory: repo)
        #expect(run.status == 0, "\(run.stdoutText)\(run.stderrText)")
        let junit = try String(contentsOf: repo.appendingPathComponent("roundtrip.xml"), encoding: .utf8)
        #expect(junit.contains("<testcase"))
        #expect(!junit.contains("<failure") && !junit.contains("<error"))
        let summary = try String(contentsOf: root.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("### migcheck check") && summary.contains("### migcheck roundtrip"))
        // A bad command is a usage error, not a silent pass.
        env["MIGCHECK_ACTION_COMMAND"] = "lint"
        #expect(try ProcessRunner.run("bash", [script, "run"], environment: env, directory: repo).status == 64)
    }

    /// GitLab's environment for a job: the template's variables, GitLab's, and pip offline.
    func gitlabEnvironment(_ job: String, scenario: CIScenario, extra: [String: String]) throws -> (String, [String: String]) {
        let (variables, jobScript) = try CIKit.gitlabJob(job)
        var env = CIKit.environment
        env.merge(variables) { $1 }
        env.merge(scenario.gitlab(extra)) { $1 }
        env["MIGCHECK_PIP_ARGS"] = try pipArgs(scenario.root)
        env["MIGCHECK_VENV"] = scenario.root.appendingPathComponent("migcheck-venv-\(job)").path
        return (jobScript, env)
    }

    @Test func gitlabCheckJobOnADepth20MergeRequest() throws {
        let scenario = try CIScenario()
        let diffBase = try scenario.sha("main")
        for (branch, edit) in [("edit", true), ("clean", false)] {
            try scenario.branch(branch) { repo in
                if edit { try CIScenario.editBBB(repo) } else { try repo.addRevision("ccc", down: "bbb") }
                try repo.commitAll("\(branch)")
                for index in 0..<22 {
                    try repo.write("notes.txt", "\(index)\n")
                    try repo.commitAll("note \(index)")
                }
            }
        }
        for (branch, expected) in [("edit", Int32(1)), ("clean", 0)] {
            let edit = branch == "edit"
            // GitLab's clone: GIT_DEPTH 20, only the pipeline's ref.
            let clone = try scenario.checkout("gl-\(branch)", branch: branch, depth: 20, singleBranch: true)
            let (jobScript, env) = try gitlabEnvironment(
                "migcheck-check", scenario: scenario,
                extra: [
                    "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "5", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
                    "CI_MERGE_REQUEST_DIFF_BASE_SHA": diffBase, "CI_COMMIT_BEFORE_SHA": CIPlan.zeroCommit, "CI_PROJECT_DIR": clone.path,
                ])
            let result = try CIKit.runJobScript(jobScript, in: clone, environment: env)
            #expect(result.status == expected, "\(branch): \(result.stdoutText)\(result.stderrText)")
            #expect(result.stdoutText.contains("checking GitLab merge request: \(diffBase.prefix(12))..HEAD"))
            let issues = try JSONSerialization.jsonObject(with: Data(contentsOf: clone.appendingPathComponent("migcheck-codequality.json")))
            let names = (issues as? [[String: Any]])?.compactMap { $0["check_name"] as? String }
            #expect(names == (edit ? ["edited-migration"] : []), "\(branch)")
            let junit = try String(contentsOf: clone.appendingPathComponent("migcheck-check.xml"), encoding: .utf8)
            #expect(junit.contains("<failure") == edit)
        }
    }

    @Test func gitlabRoundTripJobAgainstAServer() throws {
        let scenario = try CIScenario()
        let project = try GeneratedProject(["--revisions", "3", "--env", "psycopg2", "--seed", "4"])
        defer { project.remove() }
        let server = try HeldServer()
        defer { server.stop() }
        let (jobScript, template) = try gitlabEnvironment("migcheck-roundtrip", scenario: scenario, extra: ["CI_PIPELINE_SOURCE": "push"])
        #expect(template["MIGCHECK_DATABASE_URL"] == "postgresql://postgres:postgres@postgres:5432/postgres")
        var env = template
        env.merge([
            // The service alias `postgres` is this test's server; the project's Python is the test venv.
            "MIGCHECK_DATABASE_URL": server.url, "MIGCHECK_REQUIREMENTS": "requirements.txt",
            "VIRTUAL_ENV": URL(fileURLWithPath: TestEnvironment.python).deletingLastPathComponent().deletingLastPathComponent().path,
            "TMPDIR": project.tmp.path,
        ]) { $1 }
        let result = try CIKit.runJobScript(jobScript, in: project.directory, environment: env)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        let junit = try String(contentsOf: project.directory.appendingPathComponent("migcheck-roundtrip.xml"), encoding: .utf8)
        #expect(junit.contains("<testcase") && !junit.contains("<failure"))
    }
}
