extension LoadedProject {
    /// Makes sure Alembic itself could load this graph, as `heads`, `history`, `branches`,
    /// `merge` and `roundtrip` need before they answer.
    ///
    /// A revision or down_revision that is not a literal leaves the graph unknown and fails; a
    /// label or a dependency that is not one only makes the answer differ from Alembic's, which
    /// the returned warnings say.
    ///
    /// - Returns: warnings for standard error, `path:line: text`.
    /// - Throws: ``ConfigurationError`` naming the file (and line) that stops Alembic.
    public func requireLoadable() throws -> [String] {
        if let parse = files.first(where: { $0.problem != nil }), let problem = parse.problem {
            throw ConfigurationError(path: parse.path, line: problem.line, "cannot read revision file: \(problem.message)")
        }
        if let stray = strayFiles.first {
            throw ConfigurationError(path: stray.path, "no `revision` variable; Alembic cannot determine the revision id of this file")
        }
        var warnings: [String] = []
        for file in files {
            for value in file.nonLiterals {
                let text = "\(value.variable) = \(value.expression) is not a literal"
                if value.variable == RevisionVariable.revision.rawValue || value.variable == RevisionVariable.downRevision.rawValue {
                    throw ConfigurationError(
                        path: file.path, line: value.line, "\(text); migcheck cannot read the graph without running code")
                }
                warnings.append("\(file.path):\(value.line): \(text); this output may differ from Alembic's")
            }
        }
        // Alembic keeps the last of two files with one revision id; every other problem stops it.
        if let problem = graph.problems.first(where: { $0.rule != .duplicateRevision }) {
            let file = graph.nodes[problem.revision]?.file
            throw ConfigurationError(path: file?.path ?? problem.path, line: file?.lines[.revision], problem.message)
        }
        return warnings
    }
}
