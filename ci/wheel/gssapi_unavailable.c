// GSSAPI for the wheel's statically linked libgit2: every call reports GSS_S_UNAVAILABLE.
//
// Debian's libgit2.a is built with Kerberos ("Negotiate") HTTP authentication, and Debian ships
// no static Kerberos library. migcheck never uses libgit2 for network access (it reads local
// repositories; `--fetch` runs the git command line), so the wheel's binary answers libgit2's
// few GSSAPI calls as a libgit2 built without GSSAPI support would behave: the mechanism is not
// available. Only ci/build-wheel.sh compiles this file; source builds link the system libgit2.
#include <stdint.h>

typedef uint32_t OM_uint32;
#define GSS_S_UNAVAILABLE (16u << 16)

void *GSS_C_NT_HOSTBASED_SERVICE = 0;

static OM_uint32 unavailable(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return GSS_S_UNAVAILABLE;
}

OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void **mechs) {
    if (mechs) *mechs = 0;
    return unavailable(minor);
}
OM_uint32 gss_import_name(OM_uint32 *minor, void *buffer, void *type, void **name) {
    (void)buffer, (void)type;
    if (name) *name = 0;
    return unavailable(minor);
}
OM_uint32 gss_init_sec_context(OM_uint32 *minor, void *cred, void **context, void *target, void *mech,
                               OM_uint32 flags, OM_uint32 time, void *bindings, void *input,
                               void **actual_mech, void *output, OM_uint32 *ret_flags, OM_uint32 *ret_time) {
    (void)cred, (void)context, (void)target, (void)mech, (void)flags, (void)time, (void)bindings;
    (void)input, (void)actual_mech, (void)output, (void)ret_flags, (void)ret_time;
    return unavailable(minor);
}
OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, void *mech, OM_uint32 *context,
                             void *string) {
    (void)status, (void)type, (void)mech;
    struct buffer { uint64_t length; void *value; } *text = string;
    if (text) text->length = 0, text->value = 0;
    if (context) *context = 0;
    return unavailable(minor);
}
OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void **context, void *output) {
    (void)context, (void)output;
    return unavailable(minor);
}
OM_uint32 gss_release_buffer(OM_uint32 *minor, void *buffer) {
    (void)buffer;
    return unavailable(minor);
}
OM_uint32 gss_release_name(OM_uint32 *minor, void **name) {
    (void)name;
    return unavailable(minor);
}
OM_uint32 gss_release_oid_set(OM_uint32 *minor, void **set) {
    (void)set;
    return unavailable(minor);
}
