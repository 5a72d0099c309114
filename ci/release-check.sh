#!/usr/bin/env bash
# Checks that a release tag, the version in the source and the changelog agree, and prints the
# changelog section of that version (the release notes).
#
#   bash ci/release-check.sh vX.Y.Z
#
# Exit 0 when `vX.Y.Z` is the tag of the version in Sources/MigcheckCore/Version.swift and
# CHANGELOG.md has a `## [X.Y.Z] - date` section with at least one entry; 1 otherwise, naming what
# disagrees; 64 on a usage error.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: ci/release-check.sh vX.Y.Z" >&2; exit 64; }
tag=$1
version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$here/Sources/MigcheckCore/Version.swift")
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([a-z0-9.+-]*)?$ ]]; then
  echo "release-check: Sources/MigcheckCore/Version.swift: no semantic version found ('$version')" >&2
  exit 1
fi
if [ "$tag" != "v$version" ]; then
  echo "release-check: tag $tag does not match the version in Sources/MigcheckCore/Version.swift (v$version)" >&2
  exit 1
fi
notes=$(awk -v v="$version" '
  index($0, "## [" v "] - ") == 1 { found = 1; next }
  found && /^## \[/ { exit }
  found { print }
' "$here/CHANGELOG.md")
if ! grep -q '^- ' <<<"$notes"; then
  echo "release-check: CHANGELOG.md has no '## [$version] - date' section with entries" >&2
  exit 1
fi
printf '%s\n' "$notes"
