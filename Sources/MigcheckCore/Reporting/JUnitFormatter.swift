/// JUnit XML through the shared ``JUnitXML`` writer: one suite per environment, one failing test
/// case per finding (type = severity), and a passing case when an environment is clean; a
/// could-not-check report is one case in error.
public struct JUnitFormatter: ReportFormatter {
    /// Creates a formatter.
    public init() {}

    public func format(_ report: Report) -> String {
        if let failure = report.failure {
            let message = "migcheck \(report.command) could not check: \(failure)"
            let failed = JUnitXML.TestCase(
                className: "migcheck.\(report.command)", name: "could not check",
                outcome: .error(message: message, type: "could-not-check", details: message))
            return JUnitXML(suites: [JUnitXML.Suite(name: "migcheck \(report.command)", cases: [failed])]).render()
        }
        var names = report.environments.map(\.name)
        for finding in report.findings where !names.contains(finding.environment ?? "migcheck") {
            names.append(finding.environment ?? "migcheck")
        }
        if names.isEmpty { names = ["migcheck"] }
        let suites = names.map { name -> JUnitXML.Suite in
            let findings = report.findings.filter { ($0.environment ?? "migcheck") == name }
            var cases: [JUnitXML.TestCase] = []
            var used: [String: Int] = [:]
            for finding in findings {
                var caseName = finding.path.map { p in finding.line.map { "\(p):\($0)" } ?? p } ?? name
                if let revision = finding.revision { caseName += " (\(revision))" }
                let count = used[caseName, default: 0]
                used[caseName] = count + 1
                if count > 0 { caseName += " #\(count + 1)" }
                let details = ([finding.message] + (finding.details ?? []) + [finding.hint].compactMap { $0 }).joined(separator: "\n")
                cases.append(
                    JUnitXML.TestCase(
                        className: "migcheck.\(report.command).\(finding.rule.rawValue)", name: caseName, file: finding.path,
                        outcome: .failure(message: finding.message, type: finding.severity.rawValue, details: details)))
            }
            if cases.isEmpty {
                cases.append(JUnitXML.TestCase(className: "migcheck.\(report.command)", name: "\(name): all rules passed"))
            }
            return JUnitXML.Suite(name: "migcheck \(report.command): \(name)", cases: cases)
        }
        return JUnitXML(suites: suites).render()
    }
}
