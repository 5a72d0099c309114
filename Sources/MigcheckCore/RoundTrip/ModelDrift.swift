import Foundation

/// One change autogenerate would write to bring the database (at its heads) to env.py's
/// `target_metadata`: the `model-drift` rule's unit.
struct ModelDifference: Sendable, Hashable, Codable {
    /// The operation, as Alembic's op is named in a migration (`add_column`, `drop_index`, …).
    var operation: String
    /// What it concerns: `table.column`, `schema.table`, `index on table`.
    var object: String
    /// Extra detail (a type, what an `alter_column` changes), possibly empty.
    var detail: String

    /// `add_column users.email (VARCHAR(length=200))`.
    var description: String {
        detail.isEmpty ? "\(operation) \(object)" : "\(operation) \(object) (\(detail))"
    }
}

/// What the drift comparison came to.
enum ModelDriftOutcome: Sendable {
    /// Compared; these are the differences (none when models and migrations agree).
    case compared([ModelDifference])
    /// Not compared, for the reason given (env.py has no `target_metadata`).
    case notConfigured(String)
    /// Autogenerate raised.
    case failed(DriverTraceback)
}

/// When the round trip compares models with migrations.
public enum ModelDriftMode: String, Sendable, CaseIterable {
    /// After the stairway, when it left the database at the heads (the default).
    case after
    /// Instead of the stairway: one plain upgrade to the heads, then the comparison.
    case only
    /// Never.
    case off
}

extension ModelDriftOutcome {
    /// The findings: one per difference, on the head revision, pointing at env.py.
    func findings(project: LoadedProject) -> [Finding] {
        let heads = project.graph.heads
        let head = heads.count == 1 ? heads[0] : nil
        let envPath = RelativePath.join(project.environment.scriptLocation, "env.py")
        let at = head.map { "at head \($0)" } ?? "at heads \(heads.joined(separator: ", "))"
        switch self {
        case .compared(let differences):
            return differences.map { difference in
                Finding(
                    rule: .modelDrift, severity: Rule.modelDrift.defaultSeverity, revision: head, path: envPath, line: nil,
                    message: "target_metadata differs from the migrations \(at): autogenerate would write \(difference.description)",
                    hint: Rule.modelDrift.help)
            }
        case .failed(let traceback):
            return [
                Finding(
                    rule: .modelDrift, severity: Rule.modelDrift.defaultSeverity, revision: head, path: envPath, line: nil,
                    message: "comparing target_metadata with the migrations \(at) failed: \(traceback.type): \(traceback.message)",
                    hint: "Run `alembic check` to see the error; env.py must work with autogenerate.")
            ]
        case .notConfigured: return []
        }
    }

    /// One phrase for the summary line.
    var summary: String {
        switch self {
        case .compared(let differences) where differences.isEmpty: return "models match the migrations"
        case .compared(let differences):
            return differences.count == 1 ? "1 model difference" : "\(differences.count) model differences"
        case .notConfigured(let reason): return "model drift not checked: \(reason)"
        case .failed: return "model drift comparison failed"
        }
    }
}
