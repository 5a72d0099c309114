import Foundation

/// Golden files for rendered output, under `Tests/Fixtures/golden`, as argument-parser's
/// `assertSnapshot` keeps them: compared byte for byte, and re-recorded only on request
/// (`MIGCHECK_RECORD_GOLDEN=1 swift test --filter ...`), never silently.
public enum Golden {
    /// The folder holding the golden files.
    public static var directory: URL { TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures/golden") }

    /// Whether this run records golden files instead of comparing with them.
    public static var recording: Bool { ProcessInfo.processInfo.environment["MIGCHECK_RECORD_GOLDEN"] == "1" }

    /// Compares `actual` with the golden file `name`, or writes it when recording.
    ///
    /// - Returns: `nil` when they match (or after recording), else what differs: the first line
    ///   that differs, both ways, and how to re-record.
    public static func mismatch(_ actual: String, name: String) throws -> String? {
        let file = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return nil
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            return "no golden file \(file.path); record it with MIGCHECK_RECORD_GOLDEN=1"
        }
        if expected == actual { return nil }
        let want = expected.components(separatedBy: "\n")
        let got = actual.components(separatedBy: "\n")
        let line = (0..<min(want.count, got.count)).first { want[$0] != got[$0] } ?? min(want.count, got.count)
        let expectedLine = line < want.count ? want[line] : "<end>"
        let actualLine = line < got.count ? got[line] : "<end>"
        return """
            \(name) differs at line \(line + 1):
              golden: \(expectedLine)
              actual: \(actualLine)
            (re-record with MIGCHECK_RECORD_GOLDEN=1 if the change is intended)
            """
    }
}
