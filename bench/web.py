"""The web app on a small real store: page timings, and the screenshots in docs/screenshots/.

Usage: .venv/bin/python bench/web.py [--articles N] [--repeat R] [--screenshots DIR]

Builds a temporary store from the seed article plus the first N Wikinews articles of
../shared/corpus/news/wikinews-2019-2020.jsonl, serves it with uvicorn on loopback,
and prints the median time (client-measured, loopback, `newsgraph serve` in its own process) of each page and API call over R requests, then
the time to analyse the seed through POST /api/v1/analyze. With --screenshots, Debian's
chromium (Playwright) saves the four main pages there: analyse, document, events, actors.
"""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from newsgraph.ingest.files import document_from_string
from newsgraph.pipeline import analyze, process_many
from newsgraph.store.sqlite import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
SEED = SHARED / "seed" / "lavrov-demands.txt"
NEWS = SHARED / "news" / "wikinews-2019-2020.jsonl"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def build_store(db: Path, articles: int) -> str:
    """Seed plus N news articles; returns the seed's document id."""
    lines = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines()[:articles]]
    docs = [document_from_string(x["text"], kind="text", ref=x["id"], published=x.get("published"),
                                 title=x.get("title"), url=x.get("url")) for x in lines]
    with Store(db) as store:
        store.write_many(process_many(docs))
        return store.write(analyze(SEED.read_text(encoding="utf-8"), published="2025-07-07", ref="lavrov-demands"))


def serve(db: Path) -> tuple[subprocess.Popen, str]:
    """`newsgraph serve` in its own process, so timings are not the client's GIL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph.cli.main", "serve", "--db", str(db), "--port", str(port)],
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/api/v1/openapi.json", timeout=1)
            return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("server did not start")


def timings(base: str, seed_id: str, repeat: int) -> None:
    paths = ["/", f"/documents/{seed_id}", "/documents", "/events", "/events?type=REQUEST", "/actors", "/quotes",
             "/api/v1/events?limit=1000", "/api/v1/actors", f"/api/v1/documents/{seed_id}", "/api/v1/search?q=Russia"]
    with httpx.Client(base_url=base, timeout=120) as client:
        print(f"{'request':40} {'median ms':>10} {'bytes':>8}")
        for path in paths:
            times, size = [], 0
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
                size = len(response.content)
            print(f"GET {path:36} {statistics.median(times):10.1f} {size:8d}")
        seed = {"text": SEED.read_text(encoding="utf-8"), "published": "2025-07-07"}
        runs = []
        for _ in range(1 + repeat):  # the first loads the model and the gazetteers
            started = time.perf_counter()
            client.post("/api/v1/analyze", json=seed).raise_for_status()
            runs.append((time.perf_counter() - started) * 1000)
        print(f"{'POST /api/v1/analyze (seed, first)':40} {runs[0]:10.1f}")
        print(f"{'POST /api/v1/analyze (seed, warm)':40} {statistics.median(runs[1:]):10.1f}")


def screenshots(base: str, seed_id: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        page.goto(base + "/")
        page.fill("#text", SEED.read_text(encoding="utf-8"))
        page.fill("#published", "2025-07-07")
        page.click("button[type=submit]")
        page.wait_for_selector("#demands")
        page.screenshot(path=str(out / "analyse.png"))
        page.goto(f"{base}/documents/{seed_id}")
        page.locator("#demands a.jump").nth(1).click()
        page.locator("span.seg.mention").filter(has_text="Lavrov").first.hover()
        page.screenshot(path=str(out / "document.png"))
        page.goto(base + "/events")
        page.screenshot(path=str(out / "events.png"))
        page.goto(base + "/actors")
        page.screenshot(path=str(out / "actors.png"))
        browser.close()
    print(f"screenshots in {out}: " + ", ".join(sorted(p.name for p in out.glob("*.png"))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()
    if not SEED.exists() or not NEWS.exists():
        print(f"needs {SEED} and {NEWS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.db"
        started = time.perf_counter()
        seed_id = build_store(db, args.articles)
        with Store(db) as store:
            counts = store.counts()
        print(f"store: {counts['documents']} documents, {counts['events']} events, {counts['actors']} actors, "
              f"{counts['quotes']} quotes (built in {time.perf_counter() - started:.1f} s)")
        server, base = serve(db)
        try:
            timings(base, seed_id, args.repeat)
            if args.screenshots:
                screenshots(base, seed_id, args.screenshots)
        finally:
            server.terminate()
            server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
