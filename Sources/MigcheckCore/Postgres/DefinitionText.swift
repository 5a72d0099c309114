/// Compares deparsed definitions the way PostgreSQL runs them, not the way they were typed.
///
/// `pg_get_functiondef` returns a function's body exactly as written, so re-creating a function
/// with other indentation or line breaks would read as "definition changed". Function and
/// procedure definitions are compared with whitespace outside string literals and quoted
/// identifiers collapsed: runs of spaces, tabs and newlines count as one space, and none where one
/// side is punctuation (`a+b` and `a + b` are the same). Text inside `'…'` and `"…"` is kept exactly.
/// Other definitions are deparsed by PostgreSQL itself and compared as they are.
enum DefinitionText {
    /// Kinds whose `definition` attribute holds a body as the user wrote it.
    static let userFormattedKinds: Set<String> = ["function", "procedure", "aggregate", "window function"]

    /// Whether `a` and `b`, values of `field` of an object of `kind`, are the same.
    static func same(kind: String, field: String, _ a: String?, _ b: String?) -> Bool {
        if a == b { return true }
        guard field == "definition", userFormattedKinds.contains(kind), let a, let b else { return false }
        return normalized(a) == normalized(b)
    }

    /// `text` with whitespace outside quotes collapsed (see the type's documentation). A `--`
    /// comment keeps its text and the line break that ends it.
    static func normalized(_ text: String) -> String {
        let characters = Array(text)
        var out: [Character] = []
        var quote: Character?
        var inComment = false
        var pendingSpace = false
        for (index, character) in characters.enumerated() {
            if inComment {
                out.append(character)
                if character.isNewline { inComment = false }
                continue
            }
            if let open = quote {
                out.append(character)
                if character == open { quote = nil }
                continue
            }
            if character.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace, let previous = out.last, isWordLike(previous), isWordLike(character) { out.append(" ") }
            pendingSpace = false
            out.append(character)
            if character == "'" || character == "\"" { quote = character }
            if character == "-", index + 1 < characters.count, characters[index + 1] == "-" { inComment = true }
        }
        return String(out)
    }

    /// Letters, digits, `_` and `$` (identifiers, keywords, numbers, dollar-quote tags).
    private static func isWordLike(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "$"
    }
}
