#!/usr/bin/env bash
# Load benchmark of `parallax serve` with wrk (Debian package `wrk`) on loopback.
#
# Builds the release binary, fills a store with >= 10,000 articles from the shared benchmark data
# (ECB+, PolNeAR and PTC full articles, NeuS title-and-lead snippets; kept in target/bench-serve/
# for re-runs),
# starts the server, and runs wrk (2 threads, 64 connections, 30 s each) against:
#   1. a story page of median size, 2. the largest story page, 3. every story page in turn (past
#   the server's page cache), 4. the search API (newest first, then best match first), 5. the list.
# Prints requests/s and the p50/p99 latency of each.
#
#   scripts/bench-serve.sh [DATA_DIR]          # default ../shared/data
#   DURATION=10s CONNECTIONS=64 scripts/bench-serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-64}"
dir=target/bench-serve
db="$dir/parallax.db"
port="${PORT:-18080}"
command -v wrk >/dev/null || { echo "wrk is missing: apt install wrk" >&2; exit 1; }

cargo build --release --locked -q -p parallax-cli
bin=./target/release/parallax
mkdir -p "$dir"
if [ ! -f "$db" ]; then
  echo "filling $db from $data (once) ..." >&2
  # Exit code 1 only says that some snippets were set aside (too short); the rest is stored.
  # NeuS snippets are a title and a lead: --min-article-words 12 keeps them as articles.
  "$bin" --db "$db" -q ingest --min-article-words 12 "$data/ecbplus/ecbplus_docs.jsonl" \
    "$data/neus_allsides/neus_articles_for_clustering.jsonl" "$data/polnear/data/train/text" \
    "$data/polnear/data/dev/text" "$data/ptc-semeval2020-t11/datasets/train-articles" \
    "$data/ptc-semeval2020-t11/datasets/dev-articles" || [ $? -eq 1 ]
fi

"$bin" --db "$db" serve --addr "127.0.0.1:$port" 2> "$dir/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -sf "$base/api/v1/stories?limit=1" >/dev/null && break
  sleep 0.1
done

# Articles in the store, and the story pages to load: the median-sized story and the largest.
python3 - "$base" > "$dir/targets.txt" <<'EOF'
import json, sys, urllib.request
base = sys.argv[1]
stories, offset = [], 0
while True:
    page = json.load(urllib.request.urlopen(f"{base}/api/v1/stories?limit=200&offset={offset}"))
    stories += page["stories"]
    offset += 200
    if offset >= page["total"]:
        break
articles = sum(s["n_articles"] for s in stories)
by_size = sorted(stories, key=lambda s: (s["n_articles"], s["id"]))
median, largest = by_size[len(by_size) // 2], by_size[-1]
print(len(stories), articles, median["id"], median["n_articles"], largest["id"], largest["n_articles"])
# Every story once, for a run that mostly misses the page cache (it keeps 256 pages).
with open("target/bench-serve/story-ids.lua", "w") as out:
    out.write("ids = {" + ",".join('"%s"' % s["id"] for s in stories) + "}\n")
EOF
read -r n_stories n_articles median median_n largest largest_n < "$dir/targets.txt"
echo "store: $n_articles articles in $n_stories stories ($db)"
[ "$n_articles" -ge 10000 ] || echo "warning: fewer than 10,000 articles" >&2

cat > "$dir/search.lua" <<'EOF'
local words = {"trump", "court", "vaccine", "earthquake", "election", "police", "climate",
  "senate", "border", "iran", "biden", "fire", "strike", "tax", "china", "war*"}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/stories?q=" .. words[(n % #words) + 1])
end
EOF

run() {
  local label="$1"; shift
  local out
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$@")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" || true)
  printf '%-44s %10s req/s   p50 %8s   p99 %8s  %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
}
size() { curl -s "$base$1" | wc -c; }
echo "wrk: 2 threads, $connections connections, $duration each, on loopback"
run "story page, median ($median_n articles, $(size "/stories/$median") B)" "$base/stories/$median"
run "story page, largest ($largest_n articles, $(size "/stories/$largest") B)" "$base/stories/$largest"
cat "$dir/story-ids.lua" - > "$dir/stories.lua" <<'EOF'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/stories/" .. ids[(n % #ids) + 1])
end
EOF
run "story pages, all $n_stories in turn (cache misses)" -s "$dir/stories.lua" "$base"
run "search API (/api/v1/stories?q=…, 16 words)" -s "$dir/search.lua" "$base"
sed -i 's/q=" \.\./sort=relevance\&q=" ../' "$dir/search.lua"
run "search API, best match first (sort=relevance)" -s "$dir/search.lua" "$base"
run "story list page (/)" "$base/"
