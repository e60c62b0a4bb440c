"""Benchmark: GET /entities/{id}/relations on a 100k-entity synthetic graph vs a bare FastAPI endpoint.

Both servers are real uvicorn processes on 127.0.0.1, measured in the same run by the same load generator
(httpx clients on threads, fixed duration). Prints req/s, p50 and p99 latency and the ratio; the goals are
>= 0.5x the bare endpoint's req/s and p99 < 50 ms.

    .venv/bin/python bench/api.py [--entities 100000] [--seconds 12] [--threads 4] [--rounds 4]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geokg.graph.model import Article, ArticleGraph, Entity, Event, Relation  # noqa: E402

TYPES = ("PERSON", "COUNTRY", "ORGANIZATION", "GROUP", "LOCATION")
EVENTS = [("MEET", Event("040", "CONSULT", 1.0, 1)), ("CRITICIZE", Event("111", "ACCUSE", -2.0, 3)),
          ("IMPOSE", Event("163", "SANCTION", -8.0, 4)), ("AID", Event("070", "AID", 7.0, 2)),
          ("PRAISE", Event("051", "SUPPORT", 3.4, 1))]


def synthetic_graphs(n_entities: int, per_article: int = 50, seed: int = 7) -> list[ArticleGraph]:
    """Articles of per_article entities each; relations pick partners with a skew, so some actors are hubs."""
    rng = random.Random(seed)
    entities = [Entity(f"{TYPES[i % 5].lower()}:actor-{i}", f"Actor {i}", TYPES[i % 5]) for i in range(n_entities)]
    graphs = []
    for a, start in enumerate(range(0, n_entities, per_article)):
        aid, day = f"synthetic-{a}", date(2015, 1, 1) + timedelta(days=a % 2000)
        own = entities[start:start + per_article]
        hubs = [entities[int(rng.paretovariate(1.2)) % n_entities] for _ in range(5)]
        cast = {e.id: e for e in own + hubs}
        relations = []
        for s_i, e in enumerate(own):
            other = rng.choice(hubs) if rng.random() < 0.3 else rng.choice(own)
            if other.id == e.id:
                continue
            pred, ev = rng.choice(EVENTS)
            text = f"{e.name} {pred.lower()}s {other.name}."
            relations.append(Relation(e.id, pred, other.id, aid, s_i, 0, len(text), text, event=ev, date=day))
        graphs.append(ArticleGraph(Article(aid, title=aid, published=day, content_hash=aid),
                                   entities=tuple(cast.values()), relations=tuple(relations),
                                   sentences=len(relations)))
    return graphs


def build_store(data_dir: Path, n_entities: int) -> list[str]:
    """Fill an embedded store in data_dir; returns the ids of entities that have relations."""
    from geokg.graph.open import open_store

    graphs = synthetic_graphs(n_entities)
    t0 = time.perf_counter()
    with open_store("embedded", data_dir) as store:
        for i in range(0, len(graphs), 200):
            store.upsert_articles(graphs[i:i + 200])
        counts = store.counts()
    print(f"built {counts.entities} entities, {counts.relations} relations, {counts.evidence} evidence "
          f"in {time.perf_counter() - t0:.1f} s")
    degree = Counter(e for g in graphs for r in g.relations for e in (r.subject, r.object))
    return [e for e, _ in degree.most_common()]


def bare_app():
    """The baseline: FastAPI with one plain-def endpoint of the same path, answering a constant."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/entities/{entity_id}/relations")
    def relations(entity_id: str, limit: int = 50, offset: int = 0) -> dict:
        return {"items": [], "total": 0, "limit": limit, "offset": offset}

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(target: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """Start `uvicorn --factory target` on a free port and wait until it answers."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "--factory", target, "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env, "PYTHONPATH": str(ROOT)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/entities/x/relations", timeout=1)
            return proc, url
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{target} did not start")


def load(url: str, ids: list[str], seconds: float, threads: int) -> tuple[float, list[float], int]:
    """Requests for random entities from `threads` clients for `seconds`: req/s, latencies (s), non-200 count."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        rng, mine, bad = random.Random(seed), [], 0
        with httpx.Client(base_url=url, timeout=10) as http:
            while not mine or time.perf_counter() < stop:  # at least one request each
                t = time.perf_counter()
                r = http.get(f"/entities/{rng.choice(ids)}/relations")
                mine.append(time.perf_counter() - t)
                bad += r.status_code != 200
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    t0 = time.perf_counter()
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    return len(latencies) / (time.perf_counter() - t0), latencies, errors[0]


def report(name: str, rps: float, lat: list[float], errors: int) -> None:
    q = statistics.quantiles(lat, n=100)
    print(f"{name:<28} {rps:8.0f} req/s   p50 {q[49] * 1000:6.1f} ms   p99 {q[98] * 1000:6.1f} ms   "
          f"({len(lat)} requests, {errors} not 200)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=12.0, help="Measuring time per server, split into rounds")
    ap.add_argument("--threads", type=int, default=4, help="Concurrent clients")
    ap.add_argument("--rounds", type=int, default=4, help="Alternate the servers this often (evens out noise)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ids = build_store(Path(tmp), args.entities)
        targets = {"bare FastAPI endpoint": ("bench.api:bare_app", {}),
                   "geokg /entities/{id}/relations": ("geokg.api.app:create_app", {"KG_DATA_DIR": tmp})}
        servers = {name: serve(target, env) for name, (target, env) in targets.items()}
        try:
            results = {name: ([], [], 0) for name in servers}
            for _, url in servers.values():
                load(url, ids, 1.0, args.threads)  # warm-up
            hub_url = servers["geokg /entities/{id}/relations"][1]
            hub = [load(hub_url, ids[:1], 0.0, 1)[1][0] for _ in range(5)]
            for _ in range(args.rounds):
                for name, (_, url) in servers.items():
                    rps, lat, errors = load(url, ids, args.seconds / args.rounds, args.threads)
                    rates, lats, errs = results[name]
                    results[name] = (rates + [rps], lats + lat, errs + errors)
        finally:
            for proc, _ in servers.values():
                proc.terminate()
                proc.wait(10)
    rates = {}
    for name, (rps, lat, errors) in results.items():
        rates[name] = statistics.median(rps)
        report(name, rates[name], lat, errors)
    print(f"the biggest hub ({ids[0]}, most relations): median {statistics.median(hub) * 1000:.0f} ms per page "
          "(one client)")
    bare, geokg = rates.values()
    p99 = statistics.quantiles(results["geokg /entities/{id}/relations"][1], n=100)[98] * 1000
    print(f"ratio geokg/bare: {geokg / bare:.2f}x req/s (goal >= 0.5x); geokg p99 {p99:.1f} ms (goal < 50 ms); "
          f"{args.threads} concurrent clients, median of {args.rounds} alternating rounds")


if __name__ == "__main__":
    main()
