/// A revision file as Alembic's templates write them: the header docstring, the four variables
/// and `upgrade`/`downgrade`. Every test target builds its revision files here.
///
/// - Parameters:
///   - message: the docstring's first line (default `rev <id>`).
///   - createDate: a `Create Date:` header line, followed by a blank line as Alembic writes it.
///   - importsOp: whether `from alembic import op` follows the docstring.
///   - parameters: the functions' parameter list (`*args` in older templates).
public func revisionSource(
    _ id: String, down: [String] = [], labels: [String] = [], depends: [String] = [],
    message: String? = nil, createDate: String? = nil, importsOp: Bool = true, parameters: String = "",
    upgrade: String = "op.execute('select 1')", downgrade: String = "op.execute('select 2')"
) -> String {
    func tuple(_ items: [String]) -> String {
        switch items.count {
        case 0: return "None"
        case 1: return "'\(items[0])'"
        default: return "(" + items.map { "'\($0)'" }.joined(separator: ", ") + ")"
        }
    }
    let date = createDate.map { "Create Date: \($0)\n\n" } ?? ""
    let imports = importsOp ? "from alembic import op\n\n" : ""
    return """
        \"\"\"\(message ?? "rev \(id)")

        Revision ID: \(id)
        Revises: \(down.joined(separator: ", "))
        \(date)\"\"\"
        \(imports)revision = '\(id)'
        down_revision = \(tuple(down))
        branch_labels = \(tuple(labels))
        depends_on = \(tuple(depends))


        def upgrade(\(parameters)):
            \(upgrade)


        def downgrade(\(parameters)):
            \(downgrade)

        """
}
