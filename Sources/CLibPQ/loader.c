// Loads libpq at run time and forwards the PQ functions migcheck uses to it (see CLibPQ.h).
//
// Where libpq comes from, first match wins:
//   1. $MIGCHECK_LIBPQ, a path to a libpq shared library (then nothing else is tried);
//   2. the copy bundled in migcheck's wheel: <prefix>/lib*/python3*/*-packages/migcheck/_libpq/
//      libpq.so.5 beside the <prefix>/bin/migcheck that is running (venv, pipx, --user, system);
//   3. the system's libpq.so.5 (a source build, or a wheel whose bundle was removed).
#define _GNU_SOURCE
#include "CLibPQ.h"

#include <dlfcn.h>
#include <link.h>
#include <glob.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// X(return type, name, parameters, arguments) for functions that return a value;
// V(name, parameters, arguments) for the void ones.
#define MIGCHECK_LIBPQ_FUNCTIONS(X, V)                                                            \
    X(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))                                \
    V(PQfinish, (PGconn * conn), (conn))                                                          \
    X(PQconninfoOption *, PQconndefaults, (void), ())                                            \
    V(PQconninfoFree, (PQconninfoOption * options), (options))                                   \
    X(PGPing, PQping, (const char *conninfo), (conninfo))                                        \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                                    \
    X(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))                \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn))                                      \
    X(int, PQserverVersion, (const PGconn *conn), (conn))                                        \
    X(int, PQbackendPID, (const PGconn *conn), (conn))                                           \
    X(char *, PQdb, (const PGconn *conn), (conn))                                                \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn * conn, PQnoticeProcessor proc, void *arg), \
      (conn, proc, arg))                                                                         \
    X(PGresult *, PQexec, (PGconn * conn, const char *query), (conn, query))                     \
    X(PGresult *, PQexecParams,                                                                  \
      (PGconn * conn, const char *command, int nParams, const Oid *paramTypes,                   \
       const char *const *paramValues, const int *paramLengths, const int *paramFormats,         \
       int resultFormat),                                                                        \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat)) \
    X(PGresult *, PQprepare,                                                                     \
      (PGconn * conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes), \
      (conn, stmtName, query, nParams, paramTypes))                                              \
    X(PGresult *, PQexecPrepared,                                                                \
      (PGconn * conn, const char *stmtName, int nParams, const char *const *paramValues,         \
       const int *paramLengths, const int *paramFormats, int resultFormat),                      \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))          \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res))                              \
    X(char *, PQresultErrorMessage, (const PGresult *res), (res))                                \
    X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))        \
    X(int, PQntuples, (const PGresult *res), (res))                                              \
    X(int, PQnfields, (const PGresult *res), (res))                                              \
    X(char *, PQgetvalue, (const PGresult *res, int row, int column), (res, row, column))        \
    X(int, PQgetlength, (const PGresult *res, int row, int column), (res, row, column))          \
    X(int, PQgetisnull, (const PGresult *res, int row, int column), (res, row, column))          \
    V(PQclear, (PGresult * res), (res))                                                          \
    X(char *, PQescapeIdentifier, (PGconn * conn, const char *str, size_t len), (conn, str, len)) \
    V(PQfreemem, (void *ptr), (ptr))

#define POINTER_X(type, name, params, args) type(*name) params;
#define POINTER_V(name, params, args) void(*name) params;
static struct {
    MIGCHECK_LIBPQ_FUNCTIONS(POINTER_X, POINTER_V)
} libpq;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded;
static char loaded_path[PATH_MAX];
static char load_error[4096];

static void append_error(const char *format, const char *a, const char *b) {
    size_t used = strlen(load_error);
    if (used >= sizeof(load_error) - 1) return;
    snprintf(load_error + used, sizeof(load_error) - used, format, a, b);
}

// Opens `path` and resolves every function; on success fills `libpq` and returns 1.
static int try_open(const char *path) {
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *message = dlerror();
        append_error("%s%s", load_error[0] ? "; " : "", message ? message : path);
        return 0;
    }
#define RESOLVE_X(type, name, params, args)                                   \
    *(void **)(&libpq.name) = dlsym(handle, #name);                           \
    if (libpq.name == NULL) {                                                 \
        append_error("%s%s", load_error[0] ? "; " : "", path);                \
        append_error(" has no %s%s", #name, " (libpq 10 or later is needed)"); \
        dlclose(handle);                                                      \
        return 0;                                                             \
    }
#define RESOLVE_V(name, params, args) RESOLVE_X(void, name, params, args)
    MIGCHECK_LIBPQ_FUNCTIONS(RESOLVE_X, RESOLVE_V)
    struct link_map *map = NULL;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != NULL && map->l_name != NULL && map->l_name[0]) {
        snprintf(loaded_path, sizeof(loaded_path), "%s", map->l_name);
    } else {
        snprintf(loaded_path, sizeof(loaded_path), "%s", path);
    }
    return 1;
}

// The wheel's bundled copy: <prefix>/bin/migcheck → <prefix>/lib*/python3*/*-packages/migcheck/_libpq.
static int try_bundled(void) {
    char exe[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (length <= 0) return 0;
    exe[length] = '\0';
    for (int level = 0; level < 2; level++) {  // strip "/migcheck", then "/bin"
        char *slash = strrchr(exe, '/');
        if (slash == NULL) return 0;
        *slash = '\0';
    }
    char pattern[PATH_MAX + 64];
    snprintf(pattern, sizeof(pattern), "%s/lib*/python3*/*-packages/migcheck/_libpq/libpq.so.5", exe);
    glob_t found;
    int ok = 0;
    if (glob(pattern, GLOB_NOSORT | GLOB_NOESCAPE, NULL, &found) == 0) {
        for (size_t index = 0; index < found.gl_pathc && !ok; index++) ok = try_open(found.gl_pathv[index]);
    }
    globfree(&found);
    return ok;
}

static void load(void) {
    const char *explicit_path = getenv("MIGCHECK_LIBPQ");
    if (explicit_path != NULL && explicit_path[0] != '\0') {
        loaded = try_open(explicit_path);
        return;
    }
    loaded = try_bundled() || try_open("libpq.so.5");
}

int migcheck_libpq_load(void) {
    pthread_once(&load_once, load);
    return loaded;
}

const char *migcheck_libpq_error(void) {
    migcheck_libpq_load();
    return loaded ? NULL : load_error;
}

const char *migcheck_libpq_path(void) {
    migcheck_libpq_load();
    return loaded ? loaded_path : NULL;
}

// Callers check `migcheck_libpq_load` first and report a missing libpq as a configuration error;
// this is the backstop for a call that did not, so it never dereferences a null pointer.
static void require_libpq(void) {
    if (migcheck_libpq_load()) return;
    fprintf(stderr, "migcheck: cannot load libpq: %s\n", load_error);
    _exit(2);
}

#define FORWARD_X(type, name, params, args) \
    type name params {                      \
        require_libpq();                    \
        return libpq.name args;             \
    }
#define FORWARD_V(name, params, args) \
    void name params {                \
        require_libpq();              \
        libpq.name args;              \
    }
MIGCHECK_LIBPQ_FUNCTIONS(FORWARD_X, FORWARD_V)
