import Foundation

/// The static rules: everything that can be said from the revision files alone.
enum StaticChecks {
    /// Runs every static rule over a loaded project. Severities are not applied here.
    static func run(_ project: LoadedProject, settings: MigcheckSettings) -> [Finding] {
        let env = project.environment.name
        var findings: [Finding] = []
        for file in project.files {
            findings.append(contentsOf: fileFindings(file, settings: settings, environment: env))
        }
        for file in project.strayFiles {
            findings.append(
                Finding(
                    rule: .strayFile, path: file.path, line: 1,
                    message:
                        "\(RelativePath.name(of: file.path)) has no `revision` variable; Alembic would stop with \"Could not determine revision id from filename\"",
                    environment: env))
        }
        findings.append(contentsOf: graphFindings(project.graph, environment: env))
        if let finding = multipleHeadsFinding(project.graph, environment: env) { findings.append(finding) }
        return findings
    }

    /// The findings one revision file gives on its own: parse-error (and nothing else for that
    /// file), non-literal-value, the downgrade rules and header-mismatch.
    static func fileFindings(_ file: RevisionFile, settings: MigcheckSettings, environment env: String) -> [Finding] {
        if let problem = file.problem {
            return [
                Finding(
                    rule: .parseError, path: file.path, line: problem.line,
                    message: "cannot read \(RelativePath.name(of: file.path)): \(problem.message)", environment: env)
            ]
        }
        var findings = file.nonLiterals.map { value in
            Finding(
                rule: .nonLiteralValue, revision: file.revision, path: file.path, line: value.line,
                message: "\(value.variable) = \(value.expression) is not a literal; migcheck cannot follow it", environment: env)
        }
        findings.append(contentsOf: downgradeFindings(file, settings: settings, environment: env))
        if let finding = headerFinding(file, environment: env) { findings.append(finding) }
        return findings
    }

    /// The path and `revision` line of `id`'s file, when the graph has it.
    static func location(_ id: String, in graph: RevisionGraph) -> (String?, Int?) {
        guard let file = graph.nodes[id]?.file else { return (nil, nil) }
        return (file.path, file.lines[.revision])
    }

    /// One finding per graph problem, on the line of the variable it concerns where known.
    static func graphFindings(_ graph: RevisionGraph, environment env: String) -> [Finding] {
        graph.problems.map { problem in
            var (path, line) = location(problem.revision, in: graph)
            if path == nil { path = problem.path }
            if let lines = graph.nodes[problem.revision]?.file.lines {
                // The line of the variable the problem concerns, else the revision's own.
                line = lines[problem.field] ?? line
            }
            return Finding(
                rule: problem.rule, revision: problem.revision, path: path, line: line,
                message: problem.message, environment: env)
        }
    }

    /// multiple-heads, on the last head, when a loadable graph has more than one.
    static func multipleHeadsFinding(_ graph: RevisionGraph, environment env: String) -> Finding? {
        guard graph.isLoadable, graph.heads.count > 1 else { return nil }
        let described = graph.heads.map { id -> String in
            let node = graph.nodes[id]!
            return "\(id) (\(node.file.path))"
        }
        let last = graph.heads.last!
        let (path, line) = location(last, in: graph)
        return Finding(
            rule: .multipleHeads, revision: last, path: path, line: line,
            message: "\(graph.heads.count) heads: \(described.joined(separator: ", "))",
            hint:
                "Run `migcheck merge` to write a merge revision (or `alembic merge heads`), or re-point one branch's down_revision.",
            environment: env)
    }

    /// missing-downgrade and irreversible for upgrade/downgrade and per-engine pairs.
    ///
    /// A downgrade that only raises is one-way by intent: an `irreversible` warning unless the
    /// revision is marked, as the round trip reports it (both read ``FunctionBody/raises``).
    static func downgradeFindings(_ file: RevisionFile, settings: MigcheckSettings, environment: String) -> [Finding] {
        guard let id = file.revision else { return [] }
        let intentional = file.markedIrreversible || settings.irreversible.contains(id)
        var result: [Finding] = []
        for function in file.functions.sorted(by: { $0.name < $1.name })
        where function.name == "upgrade" || function.name.hasPrefix("upgrade_") {
            guard function.body == .doesSomething else { continue }
            let downName = "downgrade" + function.name.dropFirst("upgrade".count)
            let down = file.body(of: downName)
            let line = file.function(downName)?.line ?? function.line
            let message: String
            switch down {
            case .doesSomething:
                continue
            case .raises where intentional, .empty where intentional, .absent where intentional:
                continue
            case .raises:
                result.append(
                    Finding(
                        rule: .irreversible, revision: id, path: file.path, line: line,
                        message:
                            "\(downName)() only raises, so \(id) is one-way, but it is not marked `# migcheck: irreversible`",
                        environment: environment))
                continue
            case .empty:
                message = "\(downName)() does nothing but \(function.name)() changes the schema"
            case .absent:
                message = "there is no \(downName)() but \(function.name)() changes the schema"
            }
            result.append(
                Finding(rule: .missingDowngrade, revision: id, path: file.path, line: line, message: message, environment: environment))
        }
        return result
    }

    /// header-mismatch: the docstring's `Revision ID:` / `Revises:` lines against the variables.
    static func headerFinding(_ file: RevisionFile, environment: String) -> Finding? {
        guard let id = file.revision, !file.revisionFromFileName, file.headerLine != nil else { return nil }
        let headerID = file.headerRevisionID
        let headerRevises = file.headerRevises
        var problems: [String] = []
        if let headerID, headerID != id {
            problems.append("says Revision ID: \(headerID) but revision = '\(id)'")
        }
        if let headerRevises, Set(headerRevises) != Set(file.downRevisions) {
            let down = file.downRevisions.isEmpty ? "None" : file.downRevisions.joined(separator: ", ")
            problems.append("says Revises: \(headerRevises.joined(separator: ", ")) but down_revision is \(down)")
        }
        guard !problems.isEmpty else { return nil }
        return Finding(
            rule: .headerMismatch, revision: id, path: file.path, line: file.headerLine,
            message: "the docstring \(problems.joined(separator: " and "))", environment: environment)
    }

}
