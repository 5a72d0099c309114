import Foundation

/// The git hook scripts migcheck ships (`hooks/` in the repository) and installs.
public enum HookScript: String, Sendable, CaseIterable {
    /// Runs `migcheck check --staged` before each commit.
    case preCommit = "pre-commit"
    /// Checks each pushed ref against its remote counterpart.
    case prePush = "pre-push"

    /// The line that marks a hook as written by migcheck (install overwrites only these).
    static let marker = "# migcheck-hook: installed by `migcheck hook install`"

    /// The script text; `migcheck` is the command used when `$MIGCHECK` is unset.
    public func text(migcheck: String = "migcheck") -> String {
        let header = """
            #!/bin/sh
            \(Self.marker)
            # Set MIGCHECK to use another binary; MIGCHECK_SKIP=1 skips the check once.
            [ "${MIGCHECK_SKIP:-}" = "1" ] && exit 0
            MIGCHECK="${MIGCHECK:-\(migcheck)}"

            """
        switch self {
        case .preCommit:
            return header + """
                # The index is what this commit records: check it against the base branch.
                exec "$MIGCHECK" check --staged

                """
        case .prePush:
            return header + """
                # git passes "<local ref> <local sha> <remote ref> <remote sha>" per pushed ref on stdin.
                zero=0000000000000000000000000000000000000000
                status=0
                while read -r local_ref local_sha remote_ref remote_sha; do
                    [ "$local_sha" = "$zero" ] && continue    # deleting a ref
                    if [ "$remote_sha" = "$zero" ] || ! git cat-file -e "$remote_sha^{commit}" 2>/dev/null; then
                        # A new ref (or one we have not fetched): compare with the base branch.
                        "$MIGCHECK" check --head "$local_sha" </dev/null || status=$?
                    else
                        # Revisions already on the remote ref must not change.
                        "$MIGCHECK" check --head "$local_sha" --since "$remote_sha" </dev/null || status=$?
                    fi
                    [ "$status" -ne 0 ] && echo "migcheck: push of $local_ref to $remote_ref refused (exit $status)" >&2 && exit "$status"
                done
                exit 0

                """
        }
    }
}

/// Installs hook scripts into the directory git really uses.
public enum HookInstaller {
    /// Why installing failed.
    public struct Refused: Error, CustomStringConvertible, Sendable {
        /// The hook file.
        var path: String
        public var description: String {
            "\(path): a hook that migcheck did not write is already there; merge it by hand or pass --force to replace it"
        }
    }

    /// The hooks directory: `core.hooksPath` (relative to the working tree root, `~` expanded), else
    /// `hooks/` in the common git directory (shared by linked worktrees), like `git rev-parse --git-path hooks`.
    static func hooksDirectory(_ repository: Repository) throws -> String {
        if let configured = try repository.configString("core.hooksPath"), !configured.isEmpty {
            var path = configured
            if path.hasPrefix("~/") { path = NSHomeDirectory() + path.dropFirst(1) }
            return RelativePath.join(repository.workdir ?? repository.gitDirectory, path)
        }
        return RelativePath.join(repository.commonDirectory, "hooks")
    }

    /// Writes `hook` (executable) and returns its path. Refuses to overwrite a hook without the
    /// migcheck marker unless `force`.
    @discardableResult
    public static func install(_ hook: HookScript, in repository: Repository, migcheck: String, force: Bool) throws -> String {
        let directory = try hooksDirectory(repository)
        let path = RelativePath.join(directory, hook.rawValue)
        if let existing = FileManager.default.contents(atPath: path), !force,
            !String(decoding: existing, as: UTF8.self).contains(HookScript.marker)
        {
            throw Refused(path: path)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // The path goes inside "${MIGCHECK:-...}": escape what double quotes would expand.
        var quoted = ""
        for character in migcheck {
            if "\\\"$`".contains(character) { quoted.append("\\") }
            quoted.append(character)
        }
        try Data(hook.text(migcheck: quoted).utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }
}
