#!/usr/bin/env bash
# Sets Parallax up on a fresh Debian machine with the Rust toolchain, then runs the main job on the
# bundled example corpus with the embedded SQLite store. Needs only crates.io (no models yet).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v cc >/dev/null 2>&1; then
  # The bundled SQLite is compiled from C.
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gcc; else sudo apt-get install -y gcc; fi
fi
cargo build --release --locked -p parallax-cli

db="${PARALLAX_DB:-parallax.db}"
./target/release/parallax --db "$db" run examples/corpus --site site
./target/release/parallax --db "$db" stories
echo "Open site/index.html, or try: ./target/release/parallax show <story-id>"
