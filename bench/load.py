"""Load: 50 concurrent clients against `newsgraph serve` on loopback for 60 s.

    .venv/bin/python bench/load.py [--clients 50] [--seconds 60] [--analyse-share 0.1] [--max-requests 200000]

Starts the real server (`newsgraph serve --host 127.0.0.1`) on a fresh store,
stores a few Wikinews articles through the API, then runs the clients: each
loops, sending an analyse request (POST /api/v1/analyze with a short article,
not stored) with probability --analyse-share, else a query (documents, events,
actors, quotes, search or one document, at random). Bounded in time and in
request count; every request has a 60 s client timeout.

Reports requests per second, p50/p99 latency per request kind, 4xx answers,
and errors: 5xx answers, timeouts and dropped connections. Exit status 1 on
any error.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx
import orjson

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "corpus" / "news" / "wikinews-cd2000.jsonl"
NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
QUERY_WORDS = ["police", "government", "election", "president", "minister", "said", "war", "court"]
EVENT_TYPES = ["ACCUSE", "REQUEST", "CONSULT", "ASSAULT", "AGREE", "PROTEST"]


def articles(n: int, max_words: int = 150) -> list[str]:
    picked, seen = [], set()
    with NEWS.open("rb") as fh:
        for line in fh:
            text = orjson.loads(line)["text"]
            if len(text.split()) <= max_words and text not in seen:
                seen.add(text)
                picked.append(text)
            if len(picked) == n:
                break
    return picked


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "NEWSGRAPH_LOG": "warning"}
    env.pop("NEWSGRAPH_TOKEN", None)
    proc = subprocess.Popen([str(NEWSGRAPH), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-500:]}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/documents", timeout=2)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start in 120 s")


def seed_store(base: str, texts: list[str]) -> list[str]:
    ids = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for text in texts:
            response = client.post("/api/v1/analyze?store=true", json={"text": text, "published": "2010-01-01"})
            response.raise_for_status()
            ids.append(response.json()["id"])
    return ids


def query_request(rng: random.Random, ids: list[str]) -> tuple[str, str, dict]:
    """(name, path, params) of one query."""
    choice = rng.randrange(6)
    if choice == 0:
        return "documents", "/api/v1/documents", {"limit": 50}
    if choice == 1:
        return "events", "/api/v1/events", {"type": rng.choice(EVENT_TYPES)} if rng.random() < 0.5 else {}
    if choice == 2:
        return "actors", "/api/v1/actors", {"type": "PERSON"} if rng.random() < 0.5 else {}
    if choice == 3:
        return "quotes", "/api/v1/quotes", {}
    if choice == 4:
        return "search", "/api/v1/search", {"q": rng.choice(QUERY_WORDS)}
    return "document", f"/api/v1/documents/{rng.choice(ids)}", {}


class Results:
    def __init__(self):
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.endpoints: Counter = Counter()
        self.errors: Counter = Counter()
        self.client_errors: Counter = Counter()
        self.requests = 0


async def client(base: str, rng: random.Random, texts: list[str], ids: list[str], share: float,
                 stop_at: float, budget: list[int], results: Results) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < stop_at and budget[0] > 0:
            budget[0] -= 1
            if rng.random() < share:
                kind, name = "analyse", "analyze"
                send = http.post("/api/v1/analyze", json={"text": rng.choice(texts), "published": "2010-01-01"})
            else:
                name, path, params = query_request(rng, ids)
                kind, send = "query", http.get(path, params=params)
            started = time.perf_counter()
            try:
                response = await send
                status = response.status_code
            except httpx.TimeoutException:
                status = "timeout"
            except httpx.TransportError as exc:
                status = f"dropped ({type(exc).__name__})"
            elapsed = time.perf_counter() - started
            results.requests += 1
            results.endpoints[name] += 1
            if isinstance(status, int) and status < 500:
                results.latency[kind].append(elapsed)
                if status >= 400:
                    results.client_errors[f"{name} {status}"] += 1
            else:
                results.errors[f"{name} {status}"] += 1


async def drive(base: str, args, texts: list[str], ids: list[str]) -> tuple[Results, float]:
    results, budget = Results(), [args.max_requests]
    started = time.monotonic()
    stop_at = started + args.seconds
    await asyncio.gather(*(client(base, random.Random(args.seed + n), texts, ids, args.analyse_share, stop_at,
                                  budget, results) for n in range(args.clients)))
    return results, time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(results: Results, wall: float, args) -> int:
    total_errors = sum(results.errors.values())
    print(f"{args.clients} clients, {wall:.1f} s: {results.requests} requests, {results.requests / wall:.1f} req/s,"
          f" errors (5xx, timeouts, dropped) {total_errors}, 4xx {sum(results.client_errors.values())}")
    for kind in ("query", "analyse"):
        values = results.latency[kind]
        if values:
            print(f"  {kind:<8} {len(values):6} ok   {len(values) / wall:7.1f}/s   p50 {percentile(values, 50) * 1000:8.1f} ms"
                  f"   p99 {percentile(values, 99) * 1000:8.1f} ms   max {max(values) * 1000:8.1f} ms")
    print(f"  by endpoint: {dict(sorted(results.endpoints.items()))}")
    if results.errors:
        print(f"  errors: {dict(results.errors)}")
    if results.client_errors:
        print(f"  4xx: {dict(results.client_errors)}")
    return 1 if total_errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--analyse-share", type=float, default=0.1)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--stored", type=int, default=20, help="Articles stored before the run.")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    texts = articles(args.stored + 40)
    db = Path(tempfile.mkdtemp(prefix="newsgraph-load-")) / "store.db"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db, port)
    try:
        ids = seed_store(base, texts[: args.stored])
        print(f"server on {base}, {len(ids)} documents stored; running", flush=True)
        results, wall = asyncio.run(drive(base, args, texts[args.stored:], ids))
        alive = server.poll() is None
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    code = report(results, wall, args)
    if not alive:
        print("  the server died during the run")
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    main()
