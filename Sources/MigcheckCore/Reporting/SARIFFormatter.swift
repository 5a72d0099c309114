import Foundation

/// SARIF 2.1.0 for GitHub code scanning: every ``Rule`` as a reporting descriptor (stable ids,
/// help text) and one result per finding with a repository-relative location.
public struct SARIFFormatter: ReportFormatter {
    /// Creates a formatter.
    public init() {}

    /// SARIF's level for a severity.
    static func level(_ severity: Severity) -> String { severity == .error ? "error" : "warning" }

    public func format(_ report: Report) -> String {
        let rules = Rule.allCases
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1, $0) })
        let descriptors: [[String: Any]] = rules.map { rule in
            [
                "id": rule.rawValue,
                "name": rule.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
                "shortDescription": ["text": rule.summary],
                "fullDescription": ["text": rule.summary + " " + rule.help],
                "help": ["text": rule.help, "markdown": rule.help],
                "defaultConfiguration": ["level": Self.level(rule.defaultSeverity)],
            ]
        }
        let results: [[String: Any]] = report.findings.map { finding in
            var result: [String: Any] = [
                "ruleId": finding.rule.rawValue,
                "ruleIndex": ruleIndex[finding.rule]!,
                "level": Self.level(finding.severity),
                "message": ["text": finding.hint.map { finding.message + "\n" + $0 } ?? finding.message],
            ]
            if let path = finding.path {
                var physical: [String: Any] = ["artifactLocation": Self.artifactLocation(path)]
                if let line = finding.line, line >= 1 { physical["region"] = ["startLine": line] }
                result["locations"] = [["physicalLocation": physical]]
            }
            var properties: [String: Any] = [:]
            if let revision = finding.revision { properties["revision"] = revision }
            if let environment = finding.environment { properties["environment"] = environment }
            if !properties.isEmpty { result["properties"] = properties }
            return result
        }
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                [
                    "tool": [
                        "driver": [
                            "name": "migcheck",
                            "version": MigcheckVersion.current,
                            "informationUri": "https://github.com/migcheck/migcheck",
                            "rules": descriptors,
                        ]
                    ],
                    "results": results,
                    "columnKind": "unicodeCodePoints",
                ]
            ],
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A repository-relative URI (percent-encoded), or a `file://` URI for an absolute path.
    static func artifactLocation(_ path: String) -> [String: Any] {
        if path.hasPrefix("/") {
            return ["uri": URL(fileURLWithPath: path).absoluteString]
        }
        let allowed = CharacterSet.urlPathAllowed
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return ["uri": encoded, "uriBaseId": "%SRCROOT%"]
    }
}
