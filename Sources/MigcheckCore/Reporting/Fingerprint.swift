import Foundation

/// Stable identities for findings, for GitLab Code Quality `fingerprint` and SARIF
/// `partialFingerprints`: a hash of what the finding is about (rule, environment, file, revision),
/// not of its line or wording, so an alert survives unrelated edits and reruns; findings that
/// would share one are told apart by their order among equals.
enum Fingerprint {
    /// The version prefix of the hashed key; bump it only when the key changes on purpose.
    static let version = "migcheck/v1"

    /// One fingerprint (40 hex digits) per finding of `report`, in report order.
    static func of(_ report: Report) -> [String] {
        var seen: [String: Int] = [:]
        return report.findings.map { finding in
            let key = [
                version, finding.rule.rawValue, finding.environment ?? "", finding.path ?? "", finding.revision ?? "",
            ].joined(separator: "\u{0}")
            let occurrence = seen[key, default: 0]
            seen[key] = occurrence + 1
            return hash(occurrence == 0 ? key : key + "\u{0}#\(occurrence)")
        }
    }

    /// The fingerprint of a could-not-check report (its command and message).
    static func failure(_ report: Report) -> String {
        hash([version, "could-not-check", report.command, report.failure ?? ""].joined(separator: "\u{0}"))
    }

    /// SHA-1 (git's blob hash) of `key`, in hex.
    static func hash(_ key: String) -> String { ObjectID.blob(of: Data(key.utf8)).hex }
}
