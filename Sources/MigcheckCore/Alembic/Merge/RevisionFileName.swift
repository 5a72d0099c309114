import Foundation

/// New revision ids and file names, as Alembic makes them.
enum RevisionFileName {
    /// `uuid.uuid4().hex[-12:]`.
    static func newRevisionID() -> String {
        String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().suffix(12))
    }

    /// `"_".join(re.findall(r"\w+", message)).lower()`, truncated past `truncateLength` at the
    /// last `_` with a trailing `_` added.
    static func slug(_ message: String?, truncateLength: Int) -> String {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in (message ?? "").unicodeScalars {
            if isWord(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        let slug = words.joined(separator: "_").lowercased()
        let scalars = Array(slug.unicodeScalars)
        guard scalars.count > truncateLength else { return slug }
        let head = String(String.UnicodeScalarView(scalars.prefix(max(truncateLength, 0))))
        let cut = head.range(of: "_", options: .backwards).map { String(head[..<$0.lowerBound]) } ?? head
        return cut + "_"
    }

    /// Python's `\w` for str patterns: letters, anything numeric, and `_`.
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        if scalar.properties.numericType != nil { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// The file name `file_template % {...} + ".py"`; may contain `/` (subdirectories).
    static func fileName(template: String, revisionID: String, message: String?, truncateLength: Int, date: CreateDate) throws
        -> String
    {
        let tokens: [String: TemplateValue] = [
            "rev": .string(revisionID),
            "slug": .string(slug(message, truncateLength: truncateLength)),
            "epoch": .int(date.epoch),
            "year": .int(date.year), "month": .int(date.month), "day": .int(date.day),
            "hour": .int(date.hour), "minute": .int(date.minute), "second": .int(date.second),
        ]
        do {
            return try PercentFormat.format(template, .mapping(tokens)) + ".py"
        } catch {
            throw MergeError(
                "file_template '\(template)': \(error.message) (tokens: rev, slug, epoch, year, month, day, hour, minute, second)")
        }
    }
}
