import Foundation

/// What `migcheck merge` was asked to do.
public struct MergeRequest: Sendable {
    /// Revisions to merge as given (ids, prefixes, branch labels, `heads`); empty means `heads`.
    public var revisions: [String]
    /// `-m`: the message (Alembic writes `empty message` and an empty slug without it).
    var message: String?
    /// `--rev-id`: a fixed revision id instead of a generated one.
    var revisionID: String?
    /// `--branch-label`.
    var branchLabel: String?
    /// `--splice`: allow merging revisions that are not heads.
    var splice: Bool

    /// Creates a request.
    public init(
        revisions: [String] = [], message: String? = nil, revisionID: String? = nil, branchLabel: String? = nil, splice: Bool = false
    ) {
        self.revisions = revisions
        self.message = message
        self.revisionID = revisionID
        self.branchLabel = branchLabel
        self.splice = splice
    }
}

/// A merge revision ready to be written.
public struct MergePlan: Sendable {
    /// The revisions merged, in `down_revision` order.
    public var parents: [String]
    /// The new revision id.
    public var revisionID: String
    /// The new file's tree path.
    var path: String
    /// The new file's absolute path.
    public var url: URL
    /// The rendered file, encoded with `output_encoding`.
    public var contents: Data
    /// The `Create Date` used.
    var createDate: CreateDate
    /// Things the user should know (settings migcheck cannot honour without Python).
    public var warnings: [String] = []
}

/// Why a merge cannot be made; the message follows Alembic's wording where Alembic has one.
struct MergeError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    var message: String

    /// Creates an error.
    init(_ message: String) { self.message = message }

    var description: String { message }
}
