import Foundation

/// `{"findings":[...],"summary":{...}}` with sorted keys, paths relative to the repository root.
/// A summarising finding (`column-order`) also has `details`: every difference it stands for.
/// The summary names what the git rules compared (`comparison`) and, when the command could not
/// check, why (`failure`).
struct JSONFormatter: ReportFormatter {
    /// Creates a formatter.
    init() {}

    private struct Output: Encodable {
        struct Summary: Encodable {
            var command: String
            var errors: Int
            var warnings: Int
            var environments: [Report.EnvironmentSummary]
            var comparison: Report.Comparison?
            var failure: String?
        }
        var findings: [Finding]  // encoded as ``Finding/encode(to:)`` writes them
        var summary: Summary
    }

    func format(_ report: Report) -> String {
        let output = Output(
            findings: report.findings,
            summary: .init(
                command: report.command, errors: report.errorCount, warnings: report.warningCount,
                environments: report.environments, comparison: report.comparison, failure: report.failure))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(output)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
