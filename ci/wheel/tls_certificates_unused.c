// The system CA bundle, for the wheel's statically linked libgit2: not loaded.
//
// Debian's libgit2 is built with mbedTLS, whose start-up (git_libgit2_init) parses every
// certificate in /etc/ssl/certs/ca-certificates.crt: measured with callgrind, that is more than
// half of the instructions of a whole `migcheck check` on the sample project, paid by a hook on
// every commit. migcheck never uses libgit2 for network access (it reads local repositories;
// `--fetch` runs the git command line), so ci/build-wheel.sh links with
// --wrap=mbedtls_x509_crt_parse_file and this function answers instead: the file cannot be
// read. libgit2 then starts without CA certificates, and an HTTPS operation through it would
// fail certificate verification rather than succeed unverified. Source builds are unchanged.
int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    (void)chain;
    (void)path;
    return -0x2900;  // MBEDTLS_ERR_X509_FILE_IO_ERROR
}
