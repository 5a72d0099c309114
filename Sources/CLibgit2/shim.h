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
