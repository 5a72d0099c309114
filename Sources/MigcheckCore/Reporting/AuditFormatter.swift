/// Renders `migcheck audit`'s changes to committed migrations.
public enum AuditFormatter {
    /// One line per change, then the count.
    public static func text(_ entries: [HistoryAudit.Entry]) -> String {
        var out = ""
        for entry in entries {
            out +=
                "\(entry.commit.prefix(12)) \(entry.date) \(entry.author) <\(entry.email)> \(entry.change) \(entry.path): \(entry.detail)\n"
        }
        return out + "\(entries.count) change\(entries.count == 1 ? "" : "s") to committed migrations\n"
    }

    /// `{"changes":[...]}`, sorted keys.
    public static func json(_ entries: [HistoryAudit.Entry]) -> String {
        RevisionListFormatter.encode(["changes": entries])
    }
}
