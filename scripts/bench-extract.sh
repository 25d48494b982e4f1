#!/usr/bin/env bash
# Extraction speed and quality beside trafilatura, in one run on the same machine: both extract the
# article-extraction benchmark's 181 pages ROUNDS times (default 20) on one thread; both outputs
# are scored by `parallax eval extract`. Prints pages/s for each and the ratio.
# Needs network once (pip install trafilatura into target/bench-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/scrapinghub-aeb}"
rounds="${2:-20}"
venv=target/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import trafilatura" 2>/dev/null \
  || "$venv/bin/pip" install --quiet --disable-pip-version-check trafilatura lxml_html_clean
cargo build --quiet --release --locked -p parallax-cli
traf_json=target/trafilatura-aeb.json
traf_line=$("$venv/bin/python" scripts/trafilatura_timing.py "$data" "$rounds" "$traf_json")
ours=$(./target/release/parallax eval extract --data "$data" --rounds "$rounds" --compare "$traf_json")
echo "$ours"
traf_version=$("$venv/bin/python" -c "import trafilatura; print(trafilatura.__version__)")
ours_pps=$(echo "$ours" | sed -n 's/.*extracts \([0-9.]*\) pages\/s.*/\1/p')
read -r _ pages _ n_rounds _ seconds <<<"$traf_line"
python3 - "$ours_pps" "$pages" "$n_rounds" "$seconds" "$traf_version" <<'PY'
import sys
ours, pages, rounds, seconds, version = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
theirs = pages * rounds / seconds
print(f"\ntrafilatura {version}: {theirs:.1f} pages/s; parallax: {ours:.1f} pages/s; ratio {ours / theirs:.1f}x")
PY
