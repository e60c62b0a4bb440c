"""Embedded store load and query benchmark, as ratios to bare networkx in the same run.

    .venv/bin/python bench/store.py                       # 1M relations over 100k entities
    .venv/bin/python bench/store.py --relations 100000    # a quick run

Loads synthetic article graphs (10 relations each; 2% of them touch one hub entity, as country:USA would) into a
fresh EmbeddedStore in batches of 1000 articles, and the same edges into a bare networkx MultiDiGraph with
`add_edges_from`; each in its own forked process so peak memory is measured separately. Then times
relations-of-an-entity (random entities, and pages of the hub), 3-hop shortest paths, entity search (exact,
prefix, word and misspelt names) and reopening the store.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geokg.graph.model import Article, ArticleGraph, Entity, Event, Relation  # noqa: E402

PREDICATES = ["MEET", "IMPOSE", "CRITICIZE", "VISIT", "ACCUSE", "SIGN", "THREATEN", "PRAISE", "SUPPORT", "URGE"]
EVENTS = [Event(f"0{i}0", "CONSULT", 1.0, 1) for i in range(1, 10)]
PER_ARTICLE = 10
HUB_SHARE = 0.02
GRAPHS: list[ArticleGraph] = []


def synthetic(n_relations: int, n_entities: int, seed: int = 7) -> list[ArticleGraph]:
    """Articles of PER_ARTICLE relations between uniformly random entities."""
    rng = random.Random(seed)
    entities = [Entity(f"person:e{i}", f"Entity {i}", "PERSON") for i in range(n_entities)]
    graphs = []
    for a in range(n_relations // PER_ARTICLE):
        aid = f"article-{a}"
        day = date(2020, 1, 1 + a % 28)
        rels, ents = [], {}
        for k in range(PER_ARTICLE):
            s, o = rng.randrange(n_entities), rng.randrange(n_entities)
            if rng.random() < HUB_SHARE:
                o = 0  # the hub
            es, eo = entities[s], entities[o]
            ents[es.id], ents[eo.id] = es, eo
            rels.append(Relation(es.id, rng.choice(PREDICATES), eo.id, aid, k, k * 80, k * 80 + 40,
                                 f"{es.name} and {eo.name} sentence {k}.", event=rng.choice(EVENTS), date=day))
        graphs.append(ArticleGraph(Article(aid, aid, None, None, day, f"h{a}"), tuple(ents.values()), (),
                                   tuple(rels)))
    return graphs


def rss_mib() -> float:
    """Resident set size now, from /proc."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_networkx(out: mp.Queue) -> None:
    import networkx as nx

    before = rss_mib()
    t = time.perf_counter()
    g = nx.MultiDiGraph()
    g.add_edges_from((r.subject, r.object, r.predicate, {"relation": r}) for a in GRAPHS for r in a.relations)
    out.put({"seconds": time.perf_counter() - t, "mib": peak_mib() - before, "edges": g.number_of_edges()})


def embedded(out: mp.Queue, queries: int, reopen: bool = True) -> None:
    from geokg.graph.embedded import EmbeddedStore

    before = rss_mib()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        store = EmbeddedStore(Path(tmp))
        for i in range(0, len(GRAPHS), 1000):
            store.upsert_articles(GRAPHS[i:i + 1000])
        seconds = time.perf_counter() - t
        mib = peak_mib() - before
        disk = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20
        result = {"seconds": seconds, "mib": mib, "disk_mib": disk, "edges": store.counts().evidence}
        if queries:
            result.update(time_queries(store, queries))
        store.close()
        if reopen:
            t = time.perf_counter()
            EmbeddedStore(Path(tmp)).close()
            result["reopen_seconds"] = time.perf_counter() - t
    out.put(result)


def time_queries(store, n: int) -> dict:
    """p50/p99 milliseconds of relations_of and 3-hop shortest_paths on random entities."""
    rng = random.Random(11)
    ids = list(store._state.entities)
    rel_ms, path_ms, found = [], [], 0
    for _ in range(n):
        t = time.perf_counter()
        store.relations_of(rng.choice(ids))
        rel_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        found += bool(store.shortest_paths(rng.choice(ids), rng.choice(ids), max_hops=3))
        path_ms.append((time.perf_counter() - t) * 1000)
    hub = "person:e0"
    hub_total = store.relations_of(hub).total
    hub_ms = timed(lambda i: store.relations_of(hub, offset=rng.randrange(0, hub_total, 50) if i % 2 else 0), n)
    n_entities = len(ids)
    kinds = ("Entity {}", "entity {}", "{}", "Entty {}")  # exact, prefix (a short number), word, misspelt
    searches = [kinds[i % 4].format(rng.randrange(1, 1000) if i % 4 == 1 else rng.randrange(n_entities))
                for i in range(n)]
    t = time.perf_counter()
    store.search_entities("warm-up")  # builds the name index, once per store version
    index_s = time.perf_counter() - t
    search_ms = timed(lambda i: store.search_entities(searches[i]), n)
    return {"relations_of_ms": percentiles(rel_ms), "path3_ms": percentiles(path_ms), "paths_found": found / n,
            "hub_relations": hub_total, "hub_ms": percentiles(hub_ms), "search_ms": percentiles(search_ms),
            "index_seconds": index_s}


def timed(query, n: int) -> list[float]:
    """Milliseconds of each of n calls of query(i)."""
    ms = []
    for i in range(n):
        t = time.perf_counter()
        query(i)
        ms.append((time.perf_counter() - t) * 1000)
    return ms


def percentiles(ms: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(ms, n=100)
    return round(q[49], 2), round(q[98], 2)


def run(target, *args) -> dict:
    out: mp.Queue = mp.Queue()
    p = mp.get_context("fork").Process(target=target, args=(out, *args))
    p.start()
    result = out.get()
    p.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2, help="Load both this many times, alternating; keep the "
                        "fastest of each (the machine may be busy).")
    args = parser.parse_args()
    t = time.perf_counter()
    GRAPHS.extend(synthetic(args.relations, args.entities))
    print(f"generated {len(GRAPHS)} articles, {args.relations} relations, {args.entities} entities "
          f"in {time.perf_counter() - t:.1f} s")
    bases, loads = [], []
    for i in range(args.repeat):
        bases.append(run(bare_networkx))
        last = i == args.repeat - 1
        loads.append(run(embedded, args.queries if last else 0, last))
        print(f"  round {i + 1}: bare {bases[-1]['seconds']:.2f} s, embedded {loads[-1]['seconds']:.2f} s")
    base = min(bases, key=lambda r: r["seconds"])
    emb = {**loads[-1], "seconds": min(r["seconds"] for r in loads)}
    print(f"bare networkx add_edges_from: {base['seconds']:.2f} s, peak +{base['mib']:.0f} MiB")
    print(f"embedded store load:          {emb['seconds']:.2f} s, peak +{emb['mib']:.0f} MiB, "
          f"{emb['disk_mib']:.0f} MiB on disk, reopen {emb['reopen_seconds']:.2f} s")
    print(f"ratio time:   {emb['seconds'] / base['seconds']:.2f}x  (goal <= 2x)")
    print(f"ratio memory: {emb['mib'] / base['mib']:.2f}x")
    print(f"relations_of p50/p99: {emb['relations_of_ms'][0]} / {emb['relations_of_ms'][1]} ms  (goal p99 < 20 ms)")
    print(f"relations_of the hub ({emb['hub_relations']} relations), a page of 50 p50/p99: {emb['hub_ms'][0]} / "
          f"{emb['hub_ms'][1]} ms  (goal p99 < 20 ms)")
    print(f"search_entities p50/p99: {emb['search_ms'][0]} / {emb['search_ms'][1]} ms  (goal p99 < 50 ms; "
          f"the first search built the name index in {emb['index_seconds']:.2f} s)")
    print(f"3-hop shortest path p50/p99: {emb['path3_ms'][0]} / {emb['path3_ms'][1]} ms  "
          f"(goal p99 < 20 ms; {emb['paths_found']:.0%} of random pairs connected within 3 hops)")


if __name__ == "__main__":
    main()
