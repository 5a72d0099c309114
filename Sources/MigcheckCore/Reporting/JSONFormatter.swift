import Foundation

/// `{"findings":[...],"summary":{...}}` with sorted keys, paths relative to the repository root.
/// A summarising finding (`column-order`) also has `details`: every difference it stands for.
/// The summary names what the git rules compared (`comparison`) and, when the command could not
/// check, why (`failure`).
struct JSONFormatter: ReportFormatter {
    /// Creates a formatter.
    init() {}

    private struct Output: Encodable {
        struct Item: Encodable {
            var rule: String
            var severity: String
            var revision: String?
            var path: String?
            var line: Int?
            var message: String
            var hint: String?
            var environment: String?
            var details: [String]?

            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(rule, forKey: .rule)
                try c.encode(severity, forKey: .severity)
                try c.encode(revision, forKey: .revision)
                try c.encode(path, forKey: .path)
                try c.encode(line, forKey: .line)
                try c.encode(message, forKey: .message)
                try c.encode(hint, forKey: .hint)
                try c.encode(environment, forKey: .environment)
                // Only summarising findings have details; the others keep their eight keys.
                try c.encodeIfPresent(details, forKey: .details)
            }
            enum CodingKeys: String, CodingKey { case rule, severity, revision, path, line, message, hint, environment, details }
        }
        struct Summary: Encodable {
            var command: String
            var errors: Int
            var warnings: Int
            var environments: [Report.EnvironmentSummary]
            var comparison: Report.Comparison?
            var failure: String?
        }
        var findings: [Item]
        var summary: Summary
    }

    func format(_ report: Report) -> String {
        let output = Output(
            findings: report.findings.map {
                .init(
                    rule: $0.rule.rawValue, severity: $0.severity.rawValue, revision: $0.revision, path: $0.path,
                    line: $0.line, message: $0.message, hint: $0.hint, environment: $0.environment, details: $0.details)
            },
            summary: .init(
                command: report.command, errors: report.errorCount, warnings: report.warningCount,
                environments: report.environments, comparison: report.comparison, failure: report.failure))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(output)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
