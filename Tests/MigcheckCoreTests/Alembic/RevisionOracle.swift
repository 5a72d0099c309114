import Foundation

@testable import MigcheckCore

/// What a module binds one of Alembic's four variables to, as migcheck or Python sees it.
enum VariableView: Equatable, CustomStringConvertible {
    /// Something migcheck cannot follow (a `non-literal-value` finding).
    case nonLiteral
    /// `revision`'s string.
    case string(String)
    /// The strings of `down_revision`, `branch_labels` or `depends_on` (None is empty).
    case list([String])

    var description: String {
        switch self {
        case .nonLiteral: "<non-literal>"
        case .string(let s): "'\(s)'"
        case .list(let items): "\(items)"
        }
    }
}

/// Python's verdict on one file: its syntax error, or the variables it binds.
struct OracleVerdict {
    var syntaxError: String?
    var variables: [String: VariableView]
}

/// Runs `Tests/Corpus/revision_oracle.py` (compile + ast, nothing executed) over many files in
/// one Python process.
enum RevisionOracle {
    static var script: String {
        TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/revision_oracle.py").path
    }

    /// Python's verdicts for `sources`, in order (sent on standard input: no files).
    static func verdicts(_ sources: [[UInt8]]) throws -> [OracleVerdict] {
        let input = try JSONEncoder().encode(sources.map { Data($0).base64EncodedString() })
        let result = try ProcessRunner.run(TestEnvironment.python, [script], input: input)
        struct Entry: Decodable {
            var syntax: String?
            var vars: [String: Value]
        }
        /// A string, a list of strings, or null (non-literal).
        enum Value: Decodable {
            case string(String), list([String]), null
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if container.decodeNil() {
                    self = .null
                } else if let s = try? container.decode(String.self) {
                    self = .string(s)
                } else {
                    self = .list(try container.decode([String].self))
                }
            }
        }
        guard result.status == 0 else {
            throw OracleSetupError("revision_oracle.py failed (\(result.status)): \(result.stderrText)")
        }
        return try JSONDecoder().decode([Entry].self, from: result.stdout).map { entry in
            OracleVerdict(
                syntaxError: entry.syntax,
                variables: entry.vars.mapValues { value in
                    switch value {
                    case .string(let s): .string(s)
                    case .list(let items): .list(items)
                    case .null: .nonLiteral
                    }
                })
        }
    }

    /// migcheck's view of the same variables.
    static func view(_ file: RevisionFile) -> [String: VariableView] {
        var result: [String: VariableView] = [:]
        for variable in RevisionVariable.allCases where file.lines[variable] != nil {
            let name = variable.rawValue
            if file.nonLiterals.contains(where: { $0.variable == name }) {
                result[name] = .nonLiteral
                continue
            }
            switch variable {
            case .revision: result[name] = file.revision.map(VariableView.string) ?? .nonLiteral
            case .downRevision: result[name] = .list(file.downRevisions)
            case .branchLabels: result[name] = .list(file.branchLabels)
            case .dependsOn: result[name] = .list(file.dependsOn)
            }
        }
        return result
    }

    /// Whether migcheck could not read the file (a lexer or indentation problem), as opposed to
    /// reading it and finding `down_revision` missing.
    static func unreadable(_ file: RevisionFile) -> Bool {
        guard let problem = file.problem else { return false }
        return !problem.message.hasPrefix("no `down_revision`")
    }
}

/// The oracle could not run.
struct OracleSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
