import Foundation
import Testing

@testable import MigcheckCore

/// Merging a branch's graph with the base's.
@Suite("Base divergence")
struct BaseDivergenceTests {
    func project(_ revisions: [(String, String?)]) -> LoadedProject {
        let files = revisions.map { id, down in
            RevisionFileParser.parse(
                path: "v/\(id).py", data: Data("revision = '\(id)'\ndown_revision = \(down.map { "'\($0)'" } ?? "None")\n".utf8))
        }
        let environment = AlembicEnvironment(
            name: "alembic.ini", configPath: "alembic.ini", section: "alembic", pyprojectPath: nil,
            scriptLocation: "m", versionLocations: ["v"], recursiveVersionLocations: false,
            fileTemplate: AlembicEnvironment.defaultFileTemplate, truncateSlugLength: 40, timezone: nil,
            sqlalchemyURL: nil, postWriteHooks: [], outputEncoding: "utf-8")
        return LoadedProject(
            environment: environment, tree: DiskTree(root: URL(fileURLWithPath: "/")), files: files, strayFiles: [],
            graph: RevisionGraph(files: files))
    }

    @Test func reportsBothHeadsAndTheSharedParent() throws {
        let target = project([("a", nil), ("b", "a"), ("c", "b"), ("c2", "c")])
        let base = project([("a", nil), ("b", "a"), ("d", "b")])
        let divergence = try #require(BaseDivergence.analyze(target: target, base: base))
        #expect(divergence.heads.map(\.revision) == ["c2", "d"])
        #expect(divergence.heads.map(\.fromBase) == [false, true])
        #expect(divergence.sharedParents == ["b"])
    }

    @Test func quietWhenTheBranchBuildsOnTheBaseHead() {
        let target = project([("a", nil), ("b", "a"), ("d", "b"), ("c", "d")])
        let base = project([("a", nil), ("b", "a"), ("d", "b")])
        #expect(BaseDivergence.analyze(target: target, base: base) == nil)
        // Nothing new on either side.
        #expect(BaseDivergence.analyze(target: base, base: base) == nil)
    }
}
