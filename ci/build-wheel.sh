#!/usr/bin/env bash
# Builds migcheck's platform wheel: dist/migcheck-<version>-py3-none-manylinux_<glibc>_<arch>.whl.
#
#   bash ci/build-wheel.sh [OUT_DIR]      (default OUT_DIR: dist)
#
# The wheel's `migcheck` needs no Swift and none of the -dev packages: the Swift runtime and
# Foundation are static, libgit2 and its dependencies are linked from Debian's static archives,
# and libpq, which only `migcheck roundtrip` loads (at run time), is bundled with its dependencies
# by `auditwheel repair`. The manylinux tag is the one the build machine's glibc allows: auditwheel
# names the oldest policy whose glibc has every symbol version used (Debian 12: manylinux_2_35).
#
# Reproducible up to the toolchain: two clean builds of the same commit differ only in the
# binary's .swift_modhash section (swiftc's per-build module hash) and the build-id over it
# (stripped binary, source paths mapped, zip timestamps = the commit's time, sorted entries).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
out=$(mkdir -p "${1:-dist}" && cd "${1:-dist}" && pwd)

bash ci/setup.sh
python="$here/.venv/bin/python"
version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/MigcheckCore/Version.swift)
[ -n "$version" ] || { echo "build-wheel: no version in Sources/MigcheckCore/Version.swift" >&2; exit 2; }
arch=$(uname -m)
work="$here/.build-wheel"
static="$work/static"
mkdir -p "$static"

# libgit2 from Debian's static archives (libgit2-dev and the -dev packages it depends on). The
# pkg-config file below replaces the system's for this build only, so `-lgit2` finds libgit2.a.
multiarch=$(gcc -print-multiarch)
for lib in git2 mbedtls mbedx509 mbedcrypto http_parser ssh2 crypto pcre2-8 z; do
  archive="/usr/lib/$multiarch/lib$lib.a"
  [ -f "$archive" ] || { echo "build-wheel: missing $archive (install libgit2-dev)" >&2; exit 2; }
  ln -sf "$archive" "$static/lib$lib.a"
done
# Two stand-ins (see each file): GSSAPI, which Debian ships no static library of, and the CA
# bundle that libgit2's mbedTLS start-up would parse on every run.
cc -O2 -fPIC -c ci/wheel/gssapi_unavailable.c -o "$static/gssapi_unavailable.o"
cc -O2 -fPIC -c ci/wheel/tls_certificates_unused.c -o "$static/tls_certificates_unused.o"
rm -f "$static/libgssapi_krb5.a" "$static/libmigcheck_wheel.a"
ar rcD "$static/libgssapi_krb5.a" "$static/gssapi_unavailable.o"
ar rcD "$static/libmigcheck_wheel.a" "$static/tls_certificates_unused.o"
cat > "$static/libgit2.pc" <<PC
Name: libgit2
Description: libgit2, static, for migcheck's wheel
Version: $(pkg-config --modversion libgit2)
Cflags: $(pkg-config --cflags-only-I libgit2)
Libs: -L$static -lgit2 -lmbedtls -lmbedx509 -lmbedcrypto -lhttp_parser -lssh2 -lcrypto -lpcre2-8 -lz -lgssapi_krb5 -lmigcheck_wheel
PC

# Release build with the static Swift runtime; source paths mapped so they do not depend on
# where the repository is checked out.
swift_flags=(-c release --static-swift-stdlib --product migcheck --scratch-path "$work/swift"
  -Xswiftc -file-prefix-map -Xswiftc "$here=." -Xcc "-ffile-prefix-map=$here=."
  -Xswiftc -Xclang-linker -Xswiftc -no-pie -Xlinker --wrap=mbedtls_x509_crt_parse_file)
PKG_CONFIG_PATH="$static" swift build "${swift_flags[@]}" >&2
binary="$(PKG_CONFIG_PATH="$static" swift build "${swift_flags[@]}" --show-bin-path)/migcheck"
stage="$work/stage"
rm -rf "$stage" && mkdir -p "$stage/raw"
strip --strip-all -o "$stage/migcheck" "$binary"

# The binary must not need libgit2 or libpq from the system (auditwheel would move it out of
# the scripts directory behind a Python shim, costing every run Python's start-up).
if ldd "$stage/migcheck" | grep -Eq 'libgit2|libpq|libssh2|libmbed'; then
  echo "build-wheel: the binary still links a shared libgit2/libpq:" >&2
  ldd "$stage/migcheck" >&2
  exit 2
fi

libpq=$(readlink -f "/usr/lib/$multiarch/libpq.so.5")
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}"
raw=$("$python" ci/wheel/make_wheel.py --binary "$stage/migcheck" --libpq "$libpq" --version "$version" \
  --readme README.md --tag "py3-none-linux_$arch" --out "$stage/raw")
rm -f "$out"/migcheck-"$version"-*.whl
PATH="$here/.venv/bin:$PATH" "$python" -m auditwheel repair -w "$out" "$raw" >&2 2>&1 | sed 's/^/auditwheel: /' >&2
wheel=$(ls "$out"/migcheck-"$version"-py3-none-manylinux_*.whl)
PATH="$here/.venv/bin:$PATH" "$python" -m auditwheel show "$wheel" | tr '\n' ' ' | sed 's/  */ /g' >&2
echo >&2
echo "$wheel"
