extension AlembicDriverScript {
    /// How the driver spares Alembic a walk of the whole history on every downgrade.
    ///
    /// Before it writes the version table for a downgrade step, Alembic (1.5 and later) asks
    /// `RevisionStep.should_delete_branch`, which calls `_unmerge_to_revisions`: with no other head
    /// than the revision being downgraded, that collects the ancestors of every revision the step
    /// goes to and keeps those that are not an ancestor of another. For a step to one revision
    /// (every downgrade of a revision that is not a merge) the answer is that revision: a revision is
    /// not its own ancestor in Alembic's acyclic map. But the walk visits every revision below it,
    /// so a stairway's downgrades cost O(n²) in all (py-spy on a 400-revision shard: about 1 ms a
    /// downgrade at revision 350). The driver answers that case without the walk and leaves every
    /// other case (other heads, a merge revision) to Alembic. Installed only when Alembic's function
    /// uses exactly the names it uses in Alembic 1.5 to 1.20 (Alembic 1.4 and earlier return the
    /// step's revisions without a walk and keep their own).
    static let downgradesSource = #"""
        def install_direct_unmerge():
            """Answers `_unmerge_to_revisions` for a step to one revision with no other head; False (nothing changed)
            when Alembic's function has another shape (see the Swift doc comment)."""
            from alembic.runtime import migration

            known = frozenset(("_get_ancestor_nodes", "difference", "get_revisions", "revision", "revision_map", "set",
                               "to_revisions", "tuple"))
            step_class = migration.RevisionStep
            walk = step_class._unmerge_to_revisions
            if frozenset(walk.__code__.co_names) != known:
                return False

            def unmerge_to_revisions(self, heads):
                to_revisions = self.to_revisions
                if len(to_revisions) == 1 and all(head == self.revision.revision for head in heads):
                    return tuple(to_revisions)
                return walk(self, heads)

            step_class._unmerge_to_revisions = unmerge_to_revisions
            return True
        """#
}
