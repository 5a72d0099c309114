/// GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`) and a Markdown
/// summary for `$GITHUB_STEP_SUMMARY`.
public struct GitHubFormatter: ReportFormatter {
    /// Creates a formatter.
    public init() {}

    /// Escapes a message (`%`, CR, LF).
    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a property value (also `:` and `,`).
    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    public func format(_ report: Report) -> String {
        var out = ""
        if let failure = report.failure {
            out += "::error title=\(Self.escapeProperty("migcheck could not check"))::\(Self.escapeData(failure))\n"
        }
        for finding in report.findings {
            var properties: [String] = []
            if let path = finding.path { properties.append("file=\(Self.escapeProperty(path))") }
            if let line = finding.line { properties.append("line=\(line)") }
            properties.append("title=\(Self.escapeProperty("migcheck \(finding.rule.rawValue)"))")
            let kind = finding.severity == .error ? "error" : "warning"
            var message = finding.message
            if let hint = finding.hint { message += "\n" + hint }
            out += "::\(kind) \(properties.joined(separator: ","))::\(Self.escapeData(message))\n"
        }
        return out
    }

    /// The Markdown summary appended to `$GITHUB_STEP_SUMMARY`.
    public func summary(_ report: Report) -> String {
        var out = "### migcheck \(report.command)\n\n"
        if let failure = report.failure {
            return out + "**Could not check:** \(failure.replacingOccurrences(of: "\n", with: " "))\n"
        }
        if let comparison = report.comparison { out += "Compared \(comparison.summary).\n\n" }
        for env in report.environments {
            out += "- `\(env.name)`: \(env.revisions) revisions, heads: \(env.heads.map { "`\($0)`" }.joined(separator: ", "))"
            out += (env.roundTrip.map { "; \($0.sentence)" } ?? "") + "\n"
        }
        if report.findings.isEmpty {
            out += "\nNo findings.\n"
            return out
        }
        out += "\n| severity | rule | file | message |\n|---|---|---|---|\n"
        for f in report.findings {
            let place = f.path.map { p in f.line.map { "\(p):\($0)" } ?? p } ?? ""
            let msg = f.message.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            out += "| \(f.severity.rawValue) | `\(f.rule.rawValue)` | \(place) | \(msg) |\n"
        }
        out += "\n\(report.errorCount) errors, \(report.warningCount) warnings\n"
        return out
    }
}
