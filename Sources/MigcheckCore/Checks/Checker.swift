/// Runs the static checks over one or more environments and builds a ``Report``.
public enum Checker {
    /// Loads each environment from `tree`, runs the static rules and applies its settings.
    public static func checkStatic(_ environments: [CheckedEnvironment], in tree: FileTree) throws -> (
        report: Report, projects: [CheckedProject]
    ) {
        var findings: [Finding] = []
        var summaries: [Report.EnvironmentSummary] = []
        var projects: [CheckedProject] = []
        for checked in environments {
            let environment = checked.environment
            let project = try RevisionLoader.load(environment, from: tree)
            projects.append(CheckedProject(project: project, settings: checked.settings))
            findings += checked.settings.apply(StaticChecks.run(project, settings: checked.settings))
            summaries.append(.init(name: environment.name, revisions: project.graph.order.count, heads: project.graph.heads))
        }
        return (Report(command: "check", findings: findings, environments: summaries), projects)
    }
}
