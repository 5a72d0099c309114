import Foundation
import MigcheckTestSupport

extension ScratchRepository {
    /// An empty repository for the library tests (no Alembic project), committing as `Core Test`.
    static func core() throws -> ScratchRepository {
        try ScratchRepository(project: false, author: "Core Test", email: "core@example.com")
    }
}
