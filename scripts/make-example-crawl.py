"""Builds the binary files of examples/crawl/ from examples/crawl-src/ (run from the repository root).

- ardun-echo-tram.html.gz: the Ardun Echo page, encoded as Windows-1252 (as it declares), gzipped;
- regional-times.warc.gz: a WARC archive in the CC-NEWS layout (one gzip member per record) with a
  warcinfo record, a request, the Regional Times article, an image response, a 404 page and a
  consent wall.
Gzip timestamps are zero, so the output is the same on every run.
"""
import gzip
import io
from pathlib import Path

SRC = Path("examples/crawl-src")
OUT = Path("examples/crawl")


def gz(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as out:
        out.write(data)
    return buffer.getvalue()


def record(kind: str, uri: str, date: str, block: bytes) -> bytes:
    head = (
        "WARC/1.0\r\n"
        f"WARC-Type: {kind}\r\n"
        f"WARC-Target-URI: {uri}\r\n"
        f"WARC-Date: {date}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def response(status: str, content_type: str, body: bytes) -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def main() -> None:
    page = (SRC / "ardun-echo-tram.html").read_text(encoding="utf-8").encode("cp1252")
    (OUT / "ardun-echo-tram.html.gz").write_bytes(gz(page))
    date = "2031-04-02T17:00:00Z"
    site = "https://regional-times.example"
    records = [
        record("warcinfo", "", date, b"software: hand-written example\r\nformat: WARC/1.0\r\n"),
        record("request", f"{site}/ardun/strike-talks", date, b"GET /ardun/strike-talks HTTP/1.1\r\nHost: regional-times.example\r\n\r\n"),
        record("response", f"{site}/ardun/strike-talks", date, response("200 OK", "text/html; charset=utf-8", (SRC / "regional-times-tram.html").read_bytes())),
        record("response", f"{site}/img/logo.png", date, response("200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(32)))),
        record("response", f"{site}/ardun/old-story", date, response("404 Not Found", "text/html", b"<html><body><h1>Not Found</h1></body></html>")),
        record("response", f"{site}/ardun/tram-latest", date, response("200 OK", "text/html", (SRC / "consent.html").read_bytes())),
    ]
    (OUT / "regional-times.warc.gz").write_bytes(b"".join(gz(r) for r in records))


if __name__ == "__main__":
    main()
