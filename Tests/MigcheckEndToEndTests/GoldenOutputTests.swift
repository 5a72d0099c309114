import Foundation
import Testing

@testable import MigcheckCore

/// `migcheck check`'s whole output in every report format, against golden files
/// (Tests/Fixtures/golden; re-record with MIGCHECK_RECORD_GOLDEN=1). The scratch root and the
/// version are replaced by `$ROOT` and `$VERSION` so the files hold only what is stable.
@Suite struct GoldenOutputTests {
    static let fixtures = ["error-missing-dependency", "error-duplicate-label", "error-non-literal"]

    @Test(arguments: fixtures)
    func checkOutputInEveryFormat(fixture: String) throws {
        let scratch = try ScratchDirectory(purpose: "golden")
        let root = scratch.sub(fixture)
        let copy = try ProcessRunner.run(
            "cp", ["-R", TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures/projects/\(fixture)").path, root.path])
        try #require(copy.status == 0, "\(copy.stderrText)")
        for format in OutputFormat.allCases {
            let result = try TestEnvironment.runMigcheck(["check", "--no-git", "--format", format.rawValue], in: root)
            #expect(result.status == 1, "\(fixture) --format \(format.rawValue) exited \(result.status): \(result.stderrText)")
            let stable = result.stdoutText
                .replacingOccurrences(of: root.standardizedFileURL.path, with: "$ROOT")
                .replacingOccurrences(of: MigcheckVersion.current, with: "$VERSION")
            let mismatch = try Golden.mismatch(stable, name: "check-\(fixture).\(format.rawValue)")
            #expect(mismatch == nil, "\(mismatch ?? "")")
        }
    }
}
