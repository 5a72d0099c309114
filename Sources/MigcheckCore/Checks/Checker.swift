/// Runs the static checks over one or more environments and builds a ``Report``.
public enum Checker {
    /// Loads each environment from `tree`, runs the static rules and applies the settings found
    /// beside each config (`strict` forces warnings to errors).
    public static func checkStatic(_ environments: [AlembicEnvironment], in tree: FileTree, strict: Bool) throws -> (
        report: Report, projects: [LoadedProject]
    ) {
        var findings: [Finding] = []
        var summaries: [Report.EnvironmentSummary] = []
        var projects: [LoadedProject] = []
        for environment in environments {
            var settings = try MigcheckSettings.load(near: RelativePath.directory(of: environment.configPath), in: tree)
            if strict { settings.strict = true }
            let project = try RevisionLoader.load(environment, from: tree)
            projects.append(project)
            findings += settings.apply(StaticChecks.run(project, settings: settings))
            summaries.append(.init(name: environment.name, revisions: project.graph.order.count, heads: project.graph.heads))
        }
        return (Report(command: "check", findings: findings, environments: summaries), projects)
    }
}
