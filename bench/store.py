"""Embedded store (SQLite) load and query benchmark, the load as a ratio to a bare `executemany` in the same run.

    .venv/bin/python bench/store.py                         # 1M relations over 100k entities
    .venv/bin/python bench/store.py --relations 100000      # a quick run
    nice -n 10 .venv/bin/python bench/store.py --relations 10000000 --keep /var/tmp/store-10m

Loads synthetic article graphs (10 relations each; 2% of them touch one hub entity, as country:USA would) into a
fresh EmbeddedStore in batches of 1000 articles, and the same article, view and evidence rows (and the
relations, aggregated in Python beforehand) into the same schema with plain `executemany`, one transaction per
batch. Then, in a fresh reader process: opening the store, relations of random entities and pages of the hub,
3-hop shortest paths, and entity search (exact, prefix, word, misspelt) each right after a write by the writer;
the reader's peak RSS.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geokg.graph.model import Article, ArticleGraph, Entity, Event, Relation  # noqa: E402

PREDICATES = ["MEET", "IMPOSE", "CRITICIZE", "VISIT", "ACCUSE", "SIGN", "THREATEN", "PRAISE", "SUPPORT", "URGE"]
EVENTS = [Event(f"0{i}0", "CONSULT", 1.0, 1) for i in range(1, 10)]
PER_ARTICLE = 10
HUB_SHARE = 0.02
BATCH = 1000
HUB = "person:e0"


def article(a: int, n_entities: int) -> ArticleGraph:
    """Synthetic article a: PER_ARTICLE relations between random entities (the same for the same a)."""
    rng = random.Random(a * 7919 + 7)
    aid, day = f"article-{a}", date(2020, 1 + a % 12, 1 + a % 28)
    rels, ents = [], {}
    for k in range(PER_ARTICLE):
        s, o = rng.randrange(n_entities), rng.randrange(n_entities)
        if rng.random() < HUB_SHARE:
            o = 0  # the hub
        es, eo = (Entity(f"person:e{n}", f"Entity {n}", "PERSON") for n in (s, o))
        ents[es.id], ents[eo.id] = es, eo
        rels.append(Relation(es.id, rng.choice(PREDICATES), eo.id, aid, k, k * 80, k * 80 + 40,
                             f"{es.name} and {eo.name} sentence {k}.", event=rng.choice(EVENTS), date=day))
    art = Article(aid, aid, None, None, day, f"h{a}", f"/news/{aid}.txt", text_hash=f"t{a}")
    return ArticleGraph(art, tuple(ents.values()), (), tuple(rels))


def batches(n_articles: int, n_entities: int) -> Iterator[list[ArticleGraph]]:
    for start in range(0, n_articles, BATCH):
        yield [article(a, n_entities) for a in range(start, min(start + BATCH, n_articles))]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_store(folder: Path, n_articles: int, n_entities: int) -> float:
    """Seconds to load every batch through EmbeddedStore.upsert_articles (generating them not counted)."""
    from geokg.graph.embedded import EmbeddedStore

    spent = 0.0
    with EmbeddedStore(folder) as store:
        for batch in batches(n_articles, n_entities):
            t = time.perf_counter()
            store.upsert_articles(batch)
            spent += time.perf_counter() - t
    return spent


def load_bare(folder: Path, n_articles: int, n_entities: int) -> float:
    """Seconds to executemany the same rows into the same schema, relations aggregated in Python beforehand."""
    from geokg.graph.embedded import schema
    from geokg.graph.embedded.rows import (
        RELATION_COLUMNS,
        article_values,
        checksum,
        entity_values,
        iso,
        relation_values,
    )

    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.executescript(schema.SCHEMA)
    spent, seq, entities = 0.0, 0, set()
    for batch in batches(n_articles, n_entities):
        arts, views, evidence, locations, rels = [], [], [], [], Counter()
        for g in batch:
            seq += 1
            *checked, text_hash = article_values(g.article)
            article = (*checked, g.sentences, g.skipped)
            own_views = [(i, *entity_values(e)) for i, e in enumerate(g.entities)]
            own_evidence = [(i, r.id, *relation_values(r), iso(r.date)) for i, r in enumerate(g.relations)]
            arts.append((seq, *article, text_hash, checksum(article, own_views, [], own_evidence)))
            views += [(seq, *row) for row in own_views]
            locations.append((g.article.id, g.article.where, g.article.source, "2026-01-01", "2026-01-01"))
            evidence += [(seq, *row) for row in own_evidence]
            rels.update((r.id, r.subject, r.predicate, r.object) for r in g.relations)
        new = {e.id: e for g in batch for e in g.entities if e.id not in entities}
        entities.update(new)
        t = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO articles (seq, id, title, url, source, published, content_hash, path, "
                         "language, sentences, skipped, text_hash, checksum) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         arts)
        conn.executemany("INSERT INTO views VALUES (?,?,?,?,?,?,?,?,?)", views)
        conn.executemany("INSERT INTO locations VALUES (?,?,?,?,?)", locations)
        conn.executemany(f"INSERT INTO evidence (article_seq, pos, relation_id, {RELATION_COLUMNS}, day) "
                         f"VALUES ({','.join('?' * 27)})", evidence)
        conn.executemany("INSERT INTO entities (id, name, type, aliases, iso, roles, affiliations) "
                         "VALUES (?,?,?,?,?,?,?)", [entity_values(e) for e in new.values()])
        conn.executemany("INSERT INTO names (entity_id, folded) VALUES (?, ?)",
                         [(e.id, e.name.casefold()) for e in new.values()])
        conn.executemany("INSERT INTO relations VALUES (?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET "
                         "evidence_count = evidence_count + excluded.evidence_count",
                         [(*key, n) for key, n in rels.items()])
        conn.execute("COMMIT")
        spent += time.perf_counter() - t
    conn.close()
    return spent


def reader(out: mp.Queue, folder: str, n: int, n_entities: int, n_articles: int) -> None:
    """Open the store and time the queries in a fresh process; a second process writes before each search."""
    from geokg.graph.embedded import EmbeddedStore

    t = time.perf_counter()
    store = EmbeddedStore(Path(folder), create=False)
    store.counts()
    open_s = time.perf_counter() - t
    rng = random.Random(11)
    ids = [f"person:e{rng.randrange(n_entities)}" for _ in range(n)]
    rel_ms = timed(lambda i: store.relations_of(ids[i]), n)
    hub_total = store.relations_of(HUB).total
    hub_ms = timed(lambda i: store.relations_of(HUB, offset=rng.randrange(0, hub_total, 50) if i % 2 else 0), n)
    pairs = [(ids[i], ids[(i * 7 + 3) % n]) for i in range(n)]
    found = 0

    def path(i: int) -> None:
        nonlocal found
        found += bool(store.shortest_paths(*pairs[i], max_hops=3))

    path_ms = timed(path, n)
    kinds = ("Entity {}", "entity {}", "{}", "Entty {}")  # exact, prefix (a short number), word, misspelt
    searches = [kinds[i % 4].format(rng.randrange(1, 1000) if i % 4 == 1 else rng.randrange(n_entities))
                for i in range(n)]
    writer = EmbeddedStore(Path(folder))  # another connection, as `geokg ingest` beside `geokg serve`
    search_ms = []
    for i in range(n):
        if i % 10 == 0:
            writer.upsert_articles([article(n_articles + i, n_entities)])
        search_ms += timed(lambda _, q=searches[i]: store.search_entities(q), 1)
    writer.close()
    out.put({"open_s": open_s, "relations_of_ms": percentiles(rel_ms), "hub_ms": percentiles(hub_ms),
             "hub_relations": hub_total, "path3_ms": percentiles(path_ms), "paths_found": found / n,
             "search_ms": percentiles(search_ms), "reader_peak_mib": peak_mib()})


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="Build the store in this folder and keep it (default: a "
                        "temporary one); an existing store there is only queried, not built again.")
    parser.add_argument("--no-bare", action="store_true", help="Skip the bare executemany baseline.")
    args = parser.parse_args()
    n_articles = args.relations // PER_ARTICLE
    folder = args.keep or Path(tempfile.mkdtemp(prefix="geokg-bench-"))
    db = folder / "store.db"
    if not db.exists():
        folder.mkdir(parents=True, exist_ok=True)
        store_s = load_store(folder, n_articles, args.entities)
        print(f"store load: {store_s:.1f} s for {args.relations} relations ({args.relations / store_s:.0f}/s)",
              flush=True)
        if not args.no_bare:
            with tempfile.TemporaryDirectory(dir=folder.parent) as tmp:
                bare_s = load_bare(Path(tmp), n_articles, args.entities)
            print(f"bare executemany: {bare_s:.1f} s; throughput ratio {bare_s / store_s:.2f}x of bare "
                  "(goal >= 0.5x)", flush=True)
    print(f"disk: {sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith('store.db')) / 2**20:.0f} MiB")
    spawn = mp.get_context("spawn")
    out = spawn.Queue()
    p = spawn.Process(target=reader, args=(out, str(folder), args.queries, args.entities,
                                                             n_articles))
    p.start()
    r = out.get()
    p.join()
    print(f"open an existing store (fresh process): {r['open_s'] * 1000:.0f} ms  (goal < 500 ms)")
    print(f"reader peak RSS: {r['reader_peak_mib']:.0f} MiB  (goal < 300 MiB)")
    print(f"relations_of p50/p99: {r['relations_of_ms'][0]} / {r['relations_of_ms'][1]} ms  (goal p99 < 5 ms)")
    print(f"relations_of the hub ({r['hub_relations']} relations), a page of 50 p50/p99: {r['hub_ms'][0]} / "
          f"{r['hub_ms'][1]} ms  (goal p99 < 5 ms)")
    print(f"search_entities after writes p50/p99: {r['search_ms'][0]} / {r['search_ms'][1]} ms  (goal p99 < 20 ms)")
    print(f"3-hop shortest path p50/p99: {r['path3_ms'][0]} / {r['path3_ms'][1]} ms  "
          f"(goal p99 < 20 ms; {r['paths_found']:.0%} of random pairs connected within 3 hops)")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
