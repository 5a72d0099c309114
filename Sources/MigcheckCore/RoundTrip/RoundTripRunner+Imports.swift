import Foundation

extension RoundTripRunner {
    /// One `revision-import-failed` finding per revision file Alembic cannot import, with the
    /// import error, found by importing each file on its own. Throws (could not check) when every
    /// file imports on its own and Alembic still could not load them (`loadError` is then the
    /// reason).
    func importFindings(_ driver: AlembicDriver, _ loadError: DriverTraceback) throws -> [Finding] {
        let root = project.tree.rootPath
        var revisions: [String: String] = [:]
        var paths: [String] = []
        for file in project.files {
            let absolute = file.path.hasPrefix("/") ? file.path : RelativePath.join(root, file.path)
            paths.append(absolute)
            revisions[absolute] = file.revision
        }
        let failures = try driver.importFailures(paths)
        guard !failures.isEmpty else {
            throw DriverError(message: "Alembic could not load the revision files: \(loadError.type): \(loadError.message)")
        }
        return failures.map { failure in
            let relative =
                failure.path.hasPrefix(root + "/") ? String(failure.path.dropFirst(root.count + 1)) : failure.path
            var hint = Rule.revisionImportFailed.help
            if !failure.traceback.traceback.isEmpty {
                hint += "\nPython traceback (last lines):\n" + failure.traceback.traceback
            }
            return Finding(
                rule: .revisionImportFailed, revision: revisions[failure.path], path: relative, line: failure.line,
                message:
                    "Alembic cannot import \(relative): \(failure.traceback.type): \(failure.traceback.message)",
                hint: hint, environment: project.environment.name)
        }
    }

    /// The checked steps of `steps`, each phase recorded as not run for `reason`; the upgrade of
    /// a revision with one of `failures` (import failures) is recorded as failed with it, so the
    /// JUnit report fails too.
    func notRun(_ steps: [StairwayPlan.Step], _ reason: String, failures: [Finding] = []) -> [RoundTripStep] {
        let failed = Dictionary(failures.compactMap { f in f.revision.map { ($0, f) } }, uniquingKeysWith: { first, _ in first })
        return steps.flatMap { step -> [RoundTripStep] in
            guard case .check = step.action else { return [] }
            return RoundTripStep.Phase.allCases.map { phase in
                var outcome = RoundTripStep.Outcome.skipped(reason)
                if phase == .upgrade, let finding = failed[step.revision] {
                    outcome = .failed(rule: finding.rule, message: finding.message, details: finding.hint ?? "")
                }
                return RoundTripStep(
                    revision: step.revision, phase: phase, seconds: 0, outcome: outcome,
                    path: project.graph.nodes[step.revision]?.file.path)
            }
        }
    }
}
