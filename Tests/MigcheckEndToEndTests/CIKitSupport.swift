import Foundation
import Testing

@testable import MigcheckCore

/// Helpers for the CI kit tests: the validators from the venv, the GitLab template's jobs as shell
/// scripts, and a held PostgreSQL server.
enum CIKit {
    /// The repository's own files.
    static func path(_ relative: String) -> String { TestEnvironment.packageRoot.appendingPathComponent(relative).path }

    /// A tool installed in the venv by ci/setup.sh (`zizmor`, `actionlint`...); fails the test when absent.
    static func tool(_ name: String) throws -> String {
        let path = URL(fileURLWithPath: TestEnvironment.python).deletingLastPathComponent().appendingPathComponent(name).path
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(name) is not in the venv: run ci/setup.sh")
        return path
    }

    /// The environment for child processes: the venv's bin first on PATH (shellcheck for actionlint).
    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env.merge(CIScenario.cleanCI) { $1 }
        let bin = URL(fileURLWithPath: TestEnvironment.python).deletingLastPathComponent().path
        env["PATH"] = "\(bin):\(env["PATH"] ?? "/usr/bin:/bin")"
        env["NO_COLOR"] = "1"
        return env
    }

    /// Runs a venv tool with `arguments` in `directory`.
    static func run(_ name: String, _ arguments: [String], in directory: URL = TestEnvironment.packageRoot) throws -> ProcessResult {
        try ProcessRunner.run(try tool(name), arguments, environment: environment, directory: directory)
    }

    /// A GitLab job of the template as GitLab runs it: its variables (global, then the job's,
    /// `extends` resolved) and `before_script` + `script` as one bash script.
    static func gitlabJob(_ job: String) throws -> (variables: [String: String], script: String) {
        let code = """
            import json, sys, yaml
            doc = yaml.safe_load(open(sys.argv[1]))
            def resolve(name):
                job = dict(doc[name])
                parent = job.pop("extends", None)
                if parent:
                    base = resolve(parent)
                    base.update(job)
                    job = base
                return job
            job = resolve(sys.argv[2])
            variables = {k: str(v) for k, v in (doc.get("variables") or {}).items()}
            variables.update({k: str(v) for k, v in (job.get("variables") or {}).items()})
            lines = list(job.get("before_script", [])) + list(job["script"])
            print(json.dumps({"variables": variables, "script": "\\n".join(lines)}))
            """
        let result = try ProcessRunner.run(TestEnvironment.python, ["-c", code, path("ci/gitlab/migcheck.gitlab-ci.yml"), job])
        try #require(result.status == 0, "template: \(result.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        return (object["variables"] as? [String: String] ?? [:], object["script"] as? String ?? "")
    }

    /// Runs `script` with bash the way GitLab's runner does (`set -eo pipefail`) in `directory`.
    static func runJobScript(_ script: String, in directory: URL, environment: [String: String]) throws -> ProcessResult {
        try ProcessRunner.run("bash", ["-c", "set -eo pipefail\n" + script], environment: environment, directory: directory)
    }
}
