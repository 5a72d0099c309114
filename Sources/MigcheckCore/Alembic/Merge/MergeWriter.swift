import Foundation

/// Plans and writes merge revisions the way `alembic merge` does, from the project's own
/// `script.py.mako`, without Python.
public enum MergeWriter {
    /// The outcome of planning.
    public enum Outcome: Sendable {
        /// Fewer than two revisions to merge: nothing to do (the current heads are given).
        case nothingToMerge(heads: [String])
        /// A file to write.
        case merge(MergePlan)
    }

    /// Works out the merge revision for `request` in `project` (nothing is written).
    public static func plan(_ project: LoadedProject, request: MergeRequest, now: Date = Date()) throws -> Outcome {
        let graph = project.graph
        let environment = project.environment
        let revisionID = request.revisionID ?? RevisionFileName.newRevisionID()
        let illegal = Set(revisionID).intersection(["@", "-", "+", ":"])
        if !illegal.isEmpty {
            throw MergeError(
                "Character(s) '\(illegal.map(String.init).sorted().joined(separator: ", "))' not allowed in revision identifier '\(revisionID)'"
            )
        }
        if revisionID.isEmpty { throw MergeError("the revision id must not be empty") }
        if let existing = graph.nodes[revisionID] {
            throw MergeError("revision id '\(revisionID)' already exists in \(existing.file.path)")
        }

        let parents = try resolve(request.revisions.isEmpty ? ["heads"] : request.revisions, graph: graph)
        if Set(parents).count != parents.count { throw MergeError("Duplicate head revisions specified") }
        guard parents.count >= 2 else {
            let explicit = request.revisions.filter { $0 != "heads" && $0 != "head" }
            if !explicit.isEmpty {
                throw MergeError(
                    "a merge needs at least two revisions; \(request.revisions.joined(separator: " ")) names only \(parents.joined(separator: ", ")) "
                        + "(current heads: \(graph.heads.joined(separator: ", ")))")
            }
            return .nothingToMerge(heads: graph.heads)
        }
        if !request.splice, let notHead = parents.first(where: { !graph.nodes[$0]!.isHead }) {
            throw MergeError(
                "Revision \(notHead) is not a head revision; please specify --splice to create a new branch from this revision")
        }

        let versionDirectory = try versionLocation(for: parents, project: project)
        let date: CreateDate
        do { date = try CreateDate(date: now, timezone: environment.timezone) } catch { throw MergeError(error.message) }
        let fileName = try RevisionFileName.fileName(
            template: environment.fileTemplate, revisionID: revisionID, message: request.message,
            truncateLength: environment.truncateSlugLength, date: date)
        let path = RelativePath.normalize(RelativePath.join(versionDirectory, fileName))
        let url = URL(fileURLWithPath: RelativePath.join(project.tree.rootPath, path))
        if FileManager.default.fileExists(atPath: url.path) {
            throw MergeError("\(path) already exists; not overwriting it")
        }

        let templatePath = RelativePath.join(environment.scriptLocation, "script.py.mako")
        guard let templateData = try project.tree.read(templatePath) else {
            throw MergeError("\(templatePath): no such file (Alembic renders new revisions from it)")
        }
        let text = String(decoding: templateData, as: UTF8.self)
        let template = try MakoTemplate(path: templatePath, text: text)
        var arguments: [String: TemplateValue] = [
            "up_revision": .string(revisionID),
            "down_revision": parents.count == 1 ? .string(parents[0]) : .tuple(parents.map { .string($0) }),
            "branch_labels": request.branchLabel.map { .tuple([.string($0)]) } ?? .none,
            "depends_on": .none,
            "create_date": .datetime(text: date.pythonString),
            "comma": .function(name: "comma", bound: []),
            "message": .string(request.message ?? "empty message"),
        ]
        arguments["config"] = .object("config")
        let config = try templateConfig(environment, tree: project.tree)
        var warnings: [String] = []
        if let value = config.sections[config.mainSection]?["revision_environment"]?.lowercased(),
            ["true", "yes", "on", "1"].contains(value.trimmingCharacters(in: .whitespaces))
        {
            warnings.append(
                "revision_environment is on: alembic would run env.py first, which may pass extra template_args; "
                    + "migcheck does not run env.py, so such names render as Mako's UNDEFINED")
        }
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
        return .merge(
            MergePlan(
                parents: parents, revisionID: revisionID, path: path, url: url, contents: contents, createDate: date, warnings: warnings))
    }

    /// Resolves revision arguments as `get_revisions` does for `heads`, `head`, ids, prefixes and labels.
    static func resolve(_ arguments: [String], graph: RevisionGraph) throws -> [String] {
        var result: [String] = []
        for argument in arguments {
            switch argument {
            case "heads":
                result += graph.heads
            case "head":
                guard graph.heads.count <= 1 else {
                    throw MergeError(
                        "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge."
                    )
                }
                result += graph.heads
            case "base":
                throw MergeError("'base' is not a revision that can be merged")
            default:
                do { result.append(try graph.resolve(argument)) } catch { throw MergeError(error.message) }
            }
        }
        return result
    }

    /// Alembic's rule: the only version location, else the directory of the first parent's file,
    /// which must itself be one of the version locations.
    static func versionLocation(for parents: [String], project: LoadedProject) throws -> String {
        let locations = project.environment.versionLocations.map(RelativePath.normalize)
        guard locations.count > 1 else { return locations[0] }
        let directory = RelativePath.normalize(RelativePath.directory(of: project.graph.nodes[parents[0]]!.file.path))
        guard locations.contains(directory) else {
            throw MergeError("Path \(directory) is not represented in current version locations")
        }
        return directory
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

    /// Writes the plan atomically (a temporary file beside the target, then rename), creating
    /// directories as Alembic does; never overwrites an existing file.
    public static func write(_ plan: MergePlan) throws {
        let directory = plan.url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(
            ".\(plan.url.lastPathComponent).migcheck-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        let exists = MergeError("\(plan.path) already exists; not overwriting it")
        try plan.contents.write(to: temporary)
        defer { unlink(temporary.path) }
        // link(2) publishes the complete file atomically and, unlike rename(2), never replaces an
        // existing file. Where hard links are not supported, rename after checking nothing is there.
        if link(temporary.path, plan.url.path) == 0 { return }
        if errno == EEXIST { throw exists }
        guard !FileManager.default.fileExists(atPath: plan.url.path) else { throw exists }
        guard rename(temporary.path, plan.url.path) == 0 else {
            throw MergeError("cannot create \(plan.url.path): \(String(cString: strerror(errno)))")
        }
    }
}
