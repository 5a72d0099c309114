import Foundation
import MigcheckTestSupport
import Testing

@testable import MigcheckCore

extension ScratchRepository {
    /// Runs the built migcheck here (or in `subdirectory`), outside CI.
    func migcheck(_ arguments: [String], in subdirectory: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        var env = ["CI": "", "GIT_CONFIG_NOSYSTEM": "1"]
        for (k, v) in environment { env[k] = v }
        let dir = subdirectory.map { url.appendingPathComponent($0) } ?? url
        return try TestEnvironment.runMigcheck(arguments, in: dir, environment: env)
    }
}

extension ProcessResult {
    /// Whether the output names `rule` (text format prints `[rule]`).
    func reports(_ rule: String) -> Bool { stdoutText.contains("[\(rule)]") }
}
