import Foundation

extension MergeWriter {
    /// Renders the project's `script.py.mako` for the new revision, encoded with
    /// `output_encoding`, with the warnings the user should see.
    static func render(
        revisionID: String, parents: [String], date: CreateDate, request: MergeRequest, project: LoadedProject
    ) throws -> (contents: Data, warnings: [String]) {
        let environment = project.environment
        let templatePath = RelativePath.join(environment.scriptLocation, "script.py.mako")
        guard let templateData = try project.tree.read(templatePath) else {
            throw MergeError("\(templatePath): no such file (Alembic renders new revisions from it)")
        }
        let text = String(decoding: templateData, as: UTF8.self)
        let template = try MakoTemplate(path: templatePath, text: text)
        let arguments = templateArguments(revisionID: revisionID, parents: parents, date: date, request: request)
        let config = try templateConfig(environment, tree: project.tree)
        let warnings = revisionEnvironmentWarnings(config)
        var renderer = MakoRenderer(template: template, arguments: arguments, config: config)
        let rendered = try renderer.render()
        guard let contents = encode(rendered, environment.outputEncoding) else {
            throw MergeError("cannot encode the new revision as output_encoding '\(environment.outputEncoding)'")
        }
        if request.branchLabel != nil, !rendered.contains("branch_labels") {
            throw MergeError(
                "\(templatePath) has no 'branch_labels' line, so --branch-label would be lost (Alembic refuses the same way: have you upgraded your script.py.mako to include the 'branch_labels' section?)"
            )
        }
        return (contents, warnings)
    }

    /// The names `alembic merge` passes to the template.
    static func templateArguments(
        revisionID: String, parents: [String], date: CreateDate, request: MergeRequest
    ) -> [String: TemplateValue] {
        [
            "up_revision": .string(revisionID),
            "down_revision": parents.count == 1 ? .string(parents[0]) : .tuple(parents.map { .string($0) }),
            "branch_labels": request.branchLabel.map { .tuple([.string($0)]) } ?? .none,
            "depends_on": .none,
            "create_date": .datetime(text: date.pythonString),
            "comma": .function(name: "comma", bound: []),
            "message": .string(request.message ?? "empty message"),
            "config": .object("config"),
        ]
    }

    /// A warning when `revision_environment` is on: Alembic would run env.py, migcheck does not.
    static func revisionEnvironmentWarnings(_ config: TemplateConfig) -> [String] {
        guard let value = config.sections[config.mainSection]?["revision_environment"]?.lowercased(),
            ["true", "yes", "on", "1"].contains(value.trimmingCharacters(in: .whitespaces))
        else { return [] }
        return [
            "revision_environment is on: alembic would run env.py first, which may pass extra template_args; "
                + "migcheck does not run env.py, so such names render as Mako's UNDEFINED"
        ]
    }

    /// What `config.get_main_option()` and friends read: every ini section, interpolated.
    static func templateConfig(_ environment: AlembicEnvironment, tree: FileTree) throws -> TemplateConfig {
        var sections: [String: [String: String]] = [:]
        if RelativePath.name(of: environment.configPath) != "pyproject.toml", let data = try tree.read(environment.configPath) {
            let here = RelativePath.join(tree.rootPath, RelativePath.directory(of: environment.configPath))
            if let ini = try? IniFile(text: String(decoding: data, as: UTF8.self), defaults: ["here": here]) {
                for section in ini.sectionNames {
                    var values: [String: String] = [:]
                    for key in ini.keys(section) { values[key] = (try? ini.value(section, key)) ?? nil }
                    sections[section] = values
                }
            }
        }
        return TemplateConfig(sections: sections, mainSection: environment.section)
    }

    /// Encodes with Python codec names Alembic projects use.
    static func encode(_ text: String, _ encoding: String) -> Data? {
        switch encoding.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8", "u8": return Data(text.utf8)
        case "ascii", "us-ascii": return text.data(using: .ascii)
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1": return text.data(using: .isoLatin1)
        case "utf-16": return text.data(using: .utf16)
        default: return nil
        }
    }
}
