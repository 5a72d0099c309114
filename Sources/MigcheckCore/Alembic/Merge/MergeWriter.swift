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
        let revisionID = request.revisionID ?? RevisionFileName.newRevisionID()
        try checkNewRevisionID(revisionID, graph: graph)
        guard let parents = try mergeParents(request, graph: graph) else {
            return .nothingToMerge(heads: graph.heads)
        }
        let file = try newFile(revisionID: revisionID, parents: parents, request: request, project: project, now: now)
        let (contents, warnings) = try render(
            revisionID: revisionID, parents: parents, date: file.date, request: request, project: project)
        return .merge(
            MergePlan(
                parents: parents, revisionID: revisionID, path: file.path, url: file.url, contents: contents,
                createDate: file.date, warnings: warnings))
    }

    /// Refuses an id Alembic refuses (reserved characters, empty) or one the graph already has.
    static func checkNewRevisionID(_ revisionID: String, graph: RevisionGraph) throws {
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
    }

    /// The revisions to merge, or nil when `heads` names fewer than two (nothing to merge);
    /// throws for duplicates, for too few explicit revisions and for non-heads without `--splice`.
    static func mergeParents(_ request: MergeRequest, graph: RevisionGraph) throws -> [String]? {
        let parents = try resolve(request.revisions.isEmpty ? ["heads"] : request.revisions, graph: graph)
        if Set(parents).count != parents.count { throw MergeError("Duplicate head revisions specified") }
        guard parents.count >= 2 else {
            let explicit = request.revisions.filter { $0 != "heads" && $0 != "head" }
            if !explicit.isEmpty {
                throw MergeError(
                    "a merge needs at least two revisions; \(request.revisions.joined(separator: " ")) names only \(parents.joined(separator: ", ")) "
                        + "(current heads: \(graph.heads.joined(separator: ", ")))")
            }
            return nil
        }
        if !request.splice, let notHead = parents.first(where: { !graph.nodes[$0]!.isHead }) {
            throw MergeError(
                "Revision \(notHead) is not a head revision; please specify --splice to create a new branch from this revision")
        }
        return parents
    }

    /// Where the new revision goes and the `Create Date` its name and header use; throws when
    /// the file already exists.
    static func newFile(
        revisionID: String, parents: [String], request: MergeRequest, project: LoadedProject, now: Date
    ) throws -> (path: String, url: URL, date: CreateDate) {
        let environment = project.environment
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
        return (path, url, date)
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
