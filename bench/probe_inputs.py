"""The outside probe's inputs of issue 20 (items A-F), each timed through intake and the
pipeline in one warm process: how long each takes to end, and how it ends.

Usage: .venv/bin/python bench/probe_inputs.py [--folder DIR]

Every input must end within 10 s with a record or one NG line, never a traceback. The long
texts are built from Wikinews articles (CC BY 2.5, ../shared/corpus/news/).
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from newsgraph.ingest.files import iter_inputs
from newsgraph.pipeline import Pipeline

NEWS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news" / "wikinews-2019-2020.jsonl"
WARC_HEAD = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/a\r\n"
             b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n")


def build(folder: Path) -> None:
    texts = [json.loads(line)["text"] for line in itertools.islice(NEWS.open(encoding="utf-8"), 400)]
    write = lambda name, data: (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    write("a-uriless.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n")
    write("a-cut-header.warc", b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/\r\nContent-Le")
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>" + texts[0].encode() + b"</p></body></html>"
    packed = gzip.compress(WARC_HEAD % len(body) + body + b"\r\n\r\n")
    write("a-gzip-half.warc.gz", packed[: len(packed) // 2])
    write("b-bad-published.jsonl", "".join(json.dumps({"text": t, "published": p}) + "\n"
                                           for t, p in ((texts[1], "yesterday"), (texts[2], 20200101))))
    write("c-title-not-text.jsonl", "".join(json.dumps({"text": t, "title": v}) + "\n"
                                            for t, v in ((texts[3], ["a", "b"]), (texts[4], {"x": 1}))))
    with open(os.path.join(os.fsencode(folder), b"d-bad\xff.txt"), "wb") as fh:
        fh.write(texts[5].encode())
    write("e-he-said.txt", "He said.\n" * 200_000)
    write("e-real-400k.txt", "\n".join(texts)[:400_000])
    write("e-one-paragraph-9mb.txt", ("The council met and the mayor spoke about the budget. " * 170_000)[:9_000_000])
    write("e-nested-quotes-200k.txt", ('He said "she said \u201cthey said \u2018we said ' * 6000)[:200_000])
    write("e-unbalanced-quotes-460k.txt", ('"He said. ' * 50_000)[:460_000])
    write("e-short-lines.txt", "\n".join(f"Line {i} here." for i in range(4000)))
    write("f-cp1252.txt", "Ciudad Juárez paid £17,500 to the café owner, said Müller.\n".encode("cp1252") * 20)
    write("f-latin1-declared-utf8.html", '<html><head><meta charset="utf-8"></head><body><p>Zürich café owners '
          'said the tax was too high.</p></body></html>'.encode("latin-1"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="build the inputs here (default: a temporary folder)")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="probe-"))
    folder.mkdir(parents=True, exist_ok=True)
    build(folder)
    pipeline = Pipeline()
    pipeline.warm_up()
    slowest = 0.0
    for name in sorted(os.listdir(os.fsencode(folder))):
        path = os.path.join(os.fsencode(folder), name).decode("utf-8", "surrogateescape")
        started = time.perf_counter()
        ends = [str(r)[:80] if hasattr(r, "code") else "record"
                for r in pipeline.run_many(iter_inputs([path]))]
        took = time.perf_counter() - started
        slowest = max(slowest, took)
        print(f"{took:6.2f} s  {name.decode('utf-8', 'replace')}: {'; '.join(ends)}")
    print(f"slowest {slowest:.2f} s (bound 10 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
