import Foundation

/// SARIF 2.1.0 for GitHub code scanning: every ``Rule`` as a reporting descriptor (stable ids,
/// help text) and one result per finding with a repository-relative location (`%SRCROOT%`, declared
/// in `originalUriBaseIds`) and `partialFingerprints`; `invocations` says whether the run could check.
struct SARIFFormatter: ReportFormatter {
    /// Creates a formatter.
    init() {}

    /// SARIF's level for a severity.
    static func level(_ severity: Severity) -> String { severity == .error ? "error" : "warning" }

    func format(_ report: Report) -> String {
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
        let results: [[String: Any]] = zip(report.findings, Fingerprint.of(report)).map { finding, fingerprint in
            var result: [String: Any] = [
                "ruleId": finding.rule.rawValue,
                "ruleIndex": ruleIndex[finding.rule]!,
                "level": Self.level(finding.severity),
                "message": [
                    "text": ([finding.message] + (finding.details ?? []) + [finding.hint].compactMap { $0 }).joined(separator: "\n")
                ],
                "partialFingerprints": [Self.fingerprintKey: fingerprint],
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
                    "originalUriBaseIds": Self.originalUriBaseIds(report.sourceRoot),
                    "invocations": [Self.invocation(report)],
                ]
            ],
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The `partialFingerprints` key (versioned, so a new scheme never matches old alerts).
    static let fingerprintKey = "migcheckFindingHash/v1"

    /// `%SRCROOT%`: the repository root as a `file:` URI ending in `/` when known.
    static func originalUriBaseIds(_ root: String?) -> [String: Any] {
        var base: [String: Any] = ["description": ["text": "The repository root; result paths are relative to it."]]
        if let root {
            let url = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL.absoluteString
            base["uri"] = url.hasSuffix("/") ? url : url + "/"
        }
        return ["%SRCROOT%": base]
    }

    /// The run's invocation: successful, or not with the reason as an error notification.
    static func invocation(_ report: Report) -> [String: Any] {
        guard let failure = report.failure else {
            return ["executionSuccessful": true, "exitCode": Int(report.exitStatus.rawValue)]
        }
        return [
            "executionSuccessful": false,
            "exitCode": Int(ExitStatus.couldNotCheck.rawValue),
            "toolExecutionNotifications": [
                [
                    "level": "error",
                    "descriptor": ["id": "could-not-check"],
                    "message": ["text": "migcheck \(report.command) could not check: \(failure)"],
                ]
            ],
        ]
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
