import Foundation

/// GitLab Code Quality (`artifacts: reports: codequality`): a JSON array of issues with
/// `description`, `check_name`, `fingerprint` (stable, unique), `severity` and
/// `location.path` / `location.lines.begin`. A could-not-check report is one `blocker` issue.
struct CodeQualityFormatter: ReportFormatter {
    /// Creates a formatter.
    init() {}

    /// Code Quality's severity for a finding's.
    static func severity(_ severity: Severity) -> String { severity == .error ? "major" : "minor" }

    func format(_ report: Report) -> String {
        var issues: [[String: Any]] = zip(report.findings, Fingerprint.of(report)).map { finding, fingerprint in
            var description = finding.message
            if let hint = finding.hint { description += " " + hint }
            return [
                "type": "issue",
                "description": description,
                "check_name": finding.rule.rawValue,
                "categories": ["Bug Risk"],
                "fingerprint": fingerprint,
                "severity": Self.severity(finding.severity),
                "location": ["path": finding.path ?? finding.environment ?? ".", "lines": ["begin": max(finding.line ?? 1, 1)]],
            ]
        }
        if let failure = report.failure {
            issues.insert(
                [
                    "type": "issue",
                    "description": "migcheck \(report.command) could not check: \(failure)",
                    "check_name": "could-not-check",
                    "categories": ["Bug Risk"],
                    "fingerprint": Fingerprint.failure(report),
                    "severity": "blocker",
                    "location": ["path": ".", "lines": ["begin": 1]],
                ], at: 0)
        }
        let data =
            (try? JSONSerialization.data(withJSONObject: issues, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
