import Foundation

extension PythonLexer {
    /// The character `\N{name}` names, as Python's `unicodedata.lookup` finds it: the Unicode
    /// name (ICU's Name-Any transform, case-insensitive) or one of the common aliases below.
    static func unicodeScalar(named name: String) -> Unicode.Scalar? {
        // Only letters, digits, spaces and hyphens occur in names; anything else would reach
        // the transform's own syntax.
        guard !name.isEmpty, name.utf8.allSatisfy({ isNameByte($0) }) else { return nil }
        let upper = name.uppercased()
        if let alias = aliases[upper] { return Unicode.Scalar(alias) }
        guard let decoded = "\\N{\(upper)}".applyingTransform(.toUnicodeName, reverse: true) else { return nil }
        let scalars = decoded.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return nil }
        return scalar
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x20 || byte == 0x2D
    }

    /// Aliases (Unicode's NameAliases.txt) of characters that have no name of their own or are
    /// best known by another one. ICU knows names only; a name found in neither is an error
    /// (a `parse-error`, never a silent guess).
    static let aliases: [String: UInt32] = [
        "NULL": 0x00, "NUL": 0x00, "BELL": 0x07, "ALERT": 0x07, "BEL": 0x07, "BACKSPACE": 0x08, "BS": 0x08,
        "CHARACTER TABULATION": 0x09, "HORIZONTAL TABULATION": 0x09, "TAB": 0x09, "HT": 0x09,
        "LINE FEED": 0x0A, "NEW LINE": 0x0A, "END OF LINE": 0x0A, "LF": 0x0A, "NL": 0x0A, "EOL": 0x0A,
        "LINE TABULATION": 0x0B, "VERTICAL TABULATION": 0x0B, "VT": 0x0B, "FORM FEED": 0x0C, "FF": 0x0C,
        "CARRIAGE RETURN": 0x0D, "CR": 0x0D, "ESCAPE": 0x1B, "ESC": 0x1B, "SPACE": 0x20, "SP": 0x20,
        "DELETE": 0x7F, "DEL": 0x7F, "NEXT LINE": 0x85, "NEL": 0x85, "NO-BREAK SPACE": 0xA0, "NBSP": 0xA0,
        "SHY": 0xAD, "ZWSP": 0x200B, "ZWNJ": 0x200C, "ZWJ": 0x200D, "LRM": 0x200E, "RLM": 0x200F,
        "BYTE ORDER MARK": 0xFEFF, "BOM": 0xFEFF, "ZWNBSP": 0xFEFF, "WJ": 0x2060,
    ]
}
