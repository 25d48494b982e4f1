"""Times trafilatura on the article-extraction benchmark's pages, the same pages Parallax reads.

Usage: python trafilatura_timing.py DATA_DIR ROUNDS OUTPUT_JSON
Prints `pages PAGES rounds ROUNDS seconds SECONDS` and writes trafilatura's article bodies in the
benchmark's output format, so that `parallax eval extract --compare` scores them with our code.
The pages are inflated before the clock starts; trafilatura gets the HTML bytes and decodes them
itself, as Parallax does.
"""
import gzip
import json
import sys
import time
from pathlib import Path

import trafilatura


def main() -> None:
    data, rounds, output = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {key: gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()) for key in truth}
    bodies = {}
    started = time.perf_counter()
    for round_index in range(rounds):
        for key, html in pages.items():
            body = trafilatura.extract(html) or ""
            if round_index == 0:
                bodies[key] = {"articleBody": body}
    seconds = time.perf_counter() - started
    output.write_text(json.dumps(bodies), encoding="utf-8")
    print(f"pages {len(pages)} rounds {rounds} seconds {seconds:.3f}")


if __name__ == "__main__":
    main()
