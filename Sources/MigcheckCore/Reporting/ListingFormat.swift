/// The output formats of the listing commands (`heads`, `history`, `branches`, `audit`): they
/// print revisions or changes, not findings, so the report formats (SARIF, JUnit, GitHub
/// annotations, Code Quality) have nothing to say for them.
public enum ListingFormat: String, Sendable, CaseIterable {
    /// Alembic's text (or, for `audit`, one line per change).
    case text
    /// A JSON object with sorted keys.
    case json
}
