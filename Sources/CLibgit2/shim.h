#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <zlib.h>

/*
 * A read guard for the object database (Sources/MigcheckCore/Git/ObjectGuard.swift): an
 * object database backend, first in line, that checks a loose object file before libgit2's own
 * loose backend inflates it. The directory is the `objects` directory it checks.
 */
typedef struct {
    git_odb_backend parent;
    char *objects_directory;
} migcheck_object_guard;

/*
 * libgit2 keeps a tree object in its per-repository object cache only up to 4 KiB by default,
 * so a `versions/` directory of more than about 60 files was read and inflated again for every
 * path looked up in it. git_libgit2_opts is variadic, which Swift cannot call.
 */
static inline int migcheck_set_tree_cache_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, bytes);
}
