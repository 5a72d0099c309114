/// Linter-style text: `path:line: severity: message [rule]`, a hint line, and a summary.
///
/// A summarising finding (`column-order`) is one line; with `verbose` every difference it stands
/// for follows it, indented.
public struct TextFormatter: ReportFormatter {
    /// Whether to use ANSI colour (only on a terminal).
    var colour: Bool
    /// Whether to list the details of summarising findings (`roundtrip --verbose`).
    var verbose: Bool

    /// Creates a formatter.
    public init(colour: Bool = false, verbose: Bool = false) {
        self.colour = colour
        self.verbose = verbose
    }

    private func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    public func format(_ report: Report) -> String {
        var out = ""
        if let comparison = report.comparison, comparison.source != nil || comparison.repository != nil {
            out += "checking \(comparison.summary)\n"
        }
        if let failure = report.failure { out += "\(paint("error", "1;31")): could not check: \(failure)\n" }
        for finding in report.findings {
            var location = finding.path ?? finding.environment ?? ""
            if finding.path != nil, let line = finding.line { location += ":\(line)" }
            let severity = finding.severity == .error ? paint("error", "1;31") : paint("warning", "1;33")
            out += "\(location.isEmpty ? "" : location + ": ")\(severity): \(finding.message) [\(finding.rule.rawValue)]\n"
            if verbose, let details = finding.details {
                for detail in details { out += "    \(detail)\n" }
            }
            if let hint = finding.hint { out += "  hint: \(hint)\n" }
        }
        let envs = report.environments.map { env in
            "\(env.name): \(env.revisions) revision\(env.revisions == 1 ? "" : "s"), \(env.heads.count) head\(env.heads.count == 1 ? "" : "s")"
                + (env.detail.map { ", \($0)" } ?? "")
        }
        let counts =
            "\(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")"
        out += envs.isEmpty ? "\(counts)\n" : "\(envs.joined(separator: "; ")) — \(counts)\n"
        return out
    }
}
