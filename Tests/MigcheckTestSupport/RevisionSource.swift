/// Revision files for tests.

/// A minimal revision file.
public func revisionSource(
    _ id: String, down: [String] = [], labels: [String] = [], depends: [String] = [],
    message: String? = nil, upgrade: String = "op.execute('select 1')", downgrade: String = "op.execute('select 2')"
) -> String {
    func tuple(_ items: [String]) -> String {
        switch items.count {
        case 0: return "None"
        case 1: return "'\(items[0])'"
        default: return "(" + items.map { "'\($0)'" }.joined(separator: ", ") + ")"
        }
    }
    return """
        \"\"\"\(message ?? "rev \(id)")

        Revision ID: \(id)
        Revises: \(down.joined(separator: ", "))
        \"\"\"
        from alembic import op

        revision = '\(id)'
        down_revision = \(tuple(down))
        branch_labels = \(tuple(labels))
        depends_on = \(tuple(depends))


        def upgrade():
            \(upgrade)


        def downgrade():
            \(downgrade)

        """
}
