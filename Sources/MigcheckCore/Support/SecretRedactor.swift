import Foundation

/// Removes credentials from text that migcheck prints or writes (findings, reports, error lines).
///
/// Two passes: every known secret (a database password, as written and percent-encoded) becomes
/// `***`, and so does the password of any `scheme://user:password@host` URL in the text, known or
/// not. Secrets shorter than four characters are not searched for (replacing every occurrence of
/// a two-letter password would garble messages); URL passwords are redacted whatever their length.
struct SecretRedactor: Sendable {
    private var secrets: [String] = []

    /// A redactor for URL passwords only.
    init() {}

    /// A redactor that also removes `secrets` (and their percent-encoded forms) wherever they appear.
    init(secrets: [String]) {
        for secret in secrets where secret.count >= 4 {
            for form in [secret, PostgresURL.encode(secret), secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)]
            where form != nil && !self.secrets.contains(form!) {
                self.secrets.append(form!)
            }
        }
        // Longest first, so a secret that contains another is removed whole.
        self.secrets.sort { $0.count > $1.count }
    }

    /// `text` without the secrets and without URL passwords.
    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return Self.redactURLPasswords(result)
    }

    /// Replaces the password of every `scheme://user:password@` in `text` with `***`.
    static func redactURLPasswords(_ text: String) -> String {
        guard text.contains("://") else { return text }
        var output = ""
        var rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            output += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" || $0.isWhitespace || $0 == "'" || $0 == "\"" } ?? rest.endIndex
            let authority = rest[..<end]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                output += authority[...colon] + "***"
                rest = rest[at...]
            }
        }
        return output + rest
    }
}
