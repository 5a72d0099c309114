// libpq's API for migcheck, resolved at run time: migcheck does not link libpq, so commands that
// never touch a database start without loading it (and its ~20 dependencies). The first call of
// any PQ function below, or `migcheck_libpq_load`, loads libpq with dlopen.
#ifndef MIGCHECK_CLIBPQ_H
#define MIGCHECK_CLIBPQ_H

#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif

/// Loads libpq if it is not loaded yet; 1 when it is usable, 0 otherwise (then
/// `migcheck_libpq_error` says why). Safe to call from any thread, any number of times.
int migcheck_libpq_load(void);

/// Why loading libpq failed (every place tried, with dlopen's message), or NULL.
const char *migcheck_libpq_error(void);

/// The file libpq was loaded from, or NULL before a successful load.
const char *migcheck_libpq_path(void);

#endif
