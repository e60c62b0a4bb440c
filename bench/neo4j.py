"""Neo4j store benchmark on a live Neo4j (the test server of tests/neo4j_server.py, started here), as a ratio to
a bare `UNWIND $rows CREATE` of the same rows in the same run.

    .venv/bin/python bench/neo4j.py                      # 100k relations over 10k entities
    .venv/bin/python bench/neo4j.py --relations 20000    # a quick run
    KG_NEO4J_URI=bolt://... KG_NEO4J_PASSWORD=... .venv/bin/python bench/neo4j.py   # another server (cleared!)

Loads bench/store.py's synthetic article graphs with geokg's writer (Neo4jStore.upsert_articles, 1000 articles a
call), then the same entities and evidence with bare CREATE statements (nodes, then relationships matched by an
indexed id), and prints load times and their ratio (goal: geokg >= 0.5x the bare speed). Both are timed on a
warm server: first each loads --warmup relations of other articles, which are then deleted (a fresh JVM runs
its first minute of Cypher interpreted and plans every statement; timed cold, the writer, which ran first,
paid for both). Then p50/p99 of an entity's relations, entity search and 3-hop shortest paths through the store.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

# this file is named neo4j.py: its folder must not stand first on the path, or `import neo4j` finds it
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.store import PER_ARTICLE, article  # noqa: E402
from geokg.graph.neo4j_rows import relation_props  # noqa: E402
from geokg.graph.open import open_store  # noqa: E402

BARE_NODES = "UNWIND $rows AS row CREATE (:Bare {id: row.id, name: row.name, type: row.type})"
BARE_EDGES = """UNWIND $rows AS row
MATCH (s:Bare {id: row.subject}) MATCH (o:Bare {id: row.object})
CREATE (s)-[r:BARE_REL]->(o) SET r = row.props"""


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return f"p50 {statistics.median(ms):6.1f} ms  p99 {p99:6.1f} ms  (n={len(ms)})"


def timed(fn, args_list) -> list[float]:
    out = []
    for args in args_list:
        t = time.perf_counter()
        fn(*args)
        out.append(time.perf_counter() - t)
    return out


def bare_load(driver, graphs, batch: int) -> float:
    entities = {e.id: e for g in graphs for e in g.entities}
    node_rows = [{"id": e.id, "name": e.name, "type": e.type} for e in entities.values()]
    edge_rows = [{"subject": r.subject, "object": r.object, "props": relation_props(r, g.article.published)}
                 for g in graphs for r in g.relations]
    driver.execute_query("CREATE INDEX bare_id IF NOT EXISTS FOR (n:Bare) ON (n.id)")
    driver.execute_query("CALL db.awaitIndexes(300)")
    t = time.perf_counter()
    for query, rows in ((BARE_NODES, node_rows), (BARE_EDGES, edge_rows)):
        for i in range(0, len(rows), batch):
            driver.execute_query(query, {"rows": rows[i:i + batch]})
    return time.perf_counter() - t


def delete_bare(driver) -> None:
    with driver.session() as session:  # IN TRANSACTIONS needs an auto-commit transaction
        session.run("MATCH (n:Bare) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def warm_up(store, graphs) -> float:
    """Load other articles with the writer and the bare statements, then delete them; seconds spent."""
    t = time.perf_counter()
    for i in range(0, len(graphs), 1000):
        store.upsert_articles(graphs[i:i + 1000])
    bare_load(store.driver, graphs, 5000)
    store.clear()
    delete_bare(store.driver)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--relations", type=int, default=100_000)
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=10_000, help="relations loaded and deleted before timing")
    args = ap.parse_args()

    server = None
    if os.environ.get("KG_NEO4J_URI"):
        uri, user, password = (os.environ["KG_NEO4J_URI"], os.environ.get("KG_NEO4J_USER", "neo4j"),
                               os.environ.get("KG_NEO4J_PASSWORD"))
    else:
        from tests.neo4j_server import start

        server = start(Path(tempfile.mkdtemp(prefix="geokg-bench-neo4j-")))
        uri, user, password = server.uri, server.user, server.password
        print(f"test Neo4j started in {server.started_in_s:.1f} s at {uri}")
    try:
        graphs = [article(a, args.entities) for a in range(args.relations // PER_ARTICLE)]
        store = open_store("neo4j", neo4j_uri=uri, neo4j_user=user, neo4j_password=password, batch_size=5000)
        store.clear()
        n_articles = args.relations // PER_ARTICLE
        warm = [article(a, args.entities) for a in range(n_articles, n_articles + args.warmup // PER_ARTICLE)]
        if warm:
            print(f"warm-up: {len(warm) * PER_ARTICLE} relations of other articles loaded both ways and deleted "
                  f"in {warm_up(store, warm):.1f} s")
        t = time.perf_counter()
        for i in range(0, len(graphs), 1000):
            store.upsert_articles(graphs[i:i + 1000])
        geokg_s = time.perf_counter() - t
        c = store.counts()
        print(f"geokg writer: {c.evidence} evidence, {c.relations} relations, {c.entities} entities "
              f"in {geokg_s:.1f} s ({c.evidence / geokg_s:,.0f} relations/s)")
        bare_s = bare_load(store.driver, graphs, 5000)
        print(f"bare UNWIND CREATE: same rows in {bare_s:.1f} s ({args.relations / bare_s:,.0f} relations/s)")
        print(f"geokg / bare load speed: {bare_s / geokg_s:.2f}x (goal >= 0.5x)")
        delete_bare(store.driver)

        rng = random.Random(3)
        ids = [f"person:e{rng.randrange(1, args.entities)}" for _ in range(args.queries)]
        names = [(f"Entity {rng.randrange(args.entities)}",) for _ in range(args.queries // 2)]
        names += [(f"Entiy {rng.randrange(args.entities)}",) for _ in range(args.queries // 2)]  # misspelt
        pairs = [(ids[i], ids[-1 - i]) for i in range(min(50, len(ids) // 2))]
        reads = {"relations of an entity:": (lambda e: store.relations_of(e, limit=50), [(e,) for e in ids]),
                 "entity search:         ": (store.search_entities, names),
                 "3-hop shortest paths:  ": (lambda a, b: store.shortest_paths(a, b, max_hops=3), pairs)}
        for fn, cases in reads.values():  # a server plans each query once and keeps the plan: not timed
            timed(fn, cases[-3:])
        for label, (fn, cases) in reads.items():
            print(label, percentiles(timed(fn, cases)))
        print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        store.close()
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
