"""geokg against a real Neo4j 5 (the session's test server): what only Neo4j does, copying the embedded store
into it (push, the .cypher export), concurrent and killed writers, and POST /cypher on the real driver."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from geokg.api.app import create_app
from geokg.api.cypher_guard import QueryTimedOut, run_read_cypher
from geokg.api.settings import Settings
from geokg.graph.export import export, push
from geokg.graph.open import open_store
from tests.conftest import ROOT
from tests.store_samples import IRN, USA, ZARIF, meeting, sanctions, sectored_meeting, synthetic

KEY = {"X-Cypher-Key": "cypher-test-key"}


def test_mention_sectors_are_kept_on_the_mentions_edge(neo4j_store):
    neo4j_store.upsert_articles([sectored_meeting()])
    sectors = neo4j_store._read("MATCH (:Article)-[m:MENTIONS]->(e:Entity {id: $id}) RETURN m.sectors AS s", id=USA.id)
    assert sectors == [{"s": ["MILITARY"]}]


def test_clear_empties_a_graph_larger_than_one_batch(neo4j_server):
    store = open_store("neo4j", neo4j_uri=neo4j_server.uri, neo4j_user=neo4j_server.user,
                       neo4j_password=neo4j_server.password, batch_size=2)
    try:
        store.upsert_articles(synthetic(i) for i in range(40))
        assert store.counts().entities > 20  # more nodes than the 20 a clear batch deletes
        store.clear()
        c = store.counts()
        assert (c.articles, c.entities, c.relations, c.evidence) == (0, 0, 0, 0)
    finally:
        store.close()


def answers(store) -> dict:
    """What a user asks of a store, for comparing two stores."""
    ids = sorted({e for g in (meeting(), sanctions()) for e in (x.id for x in g.entities)})
    out = {"counts": replace(store.counts(), last_ingest=None)}
    for eid in ids:
        out[eid] = (store.get_entity(eid), store.relations_of(eid).items, store.top_counterparts(eid),
                    store.timeline(eid))
    out["search"] = [store.search_entities(q).items for q in ("Zarif", "iran", "united", "Tilerson")]
    out["paths"] = store.shortest_paths(ZARIF.id, IRN.id)
    near = store.neighbourhood(USA.id, hops=2)
    out["near"] = (near.nodes, sorted(near.edges, key=lambda e: e.id), near.truncated)  # edge order is unspecified
    return out


@pytest.fixture
def embedded(tmp_path: Path):
    store = open_store("embedded", tmp_path / "embedded")
    store.upsert_articles([meeting(), sanctions()])
    yield store
    store.close()


def test_push_then_both_stores_give_the_same_answers_and_a_second_push_changes_nothing(embedded, neo4j_store):
    assert push(embedded, neo4j_store) == (2, 0)
    assert answers(neo4j_store) == answers(embedded)
    before = neo4j_store.counts()
    assert push(embedded, neo4j_store) == (0, 2)
    assert neo4j_store.counts() == before


def replay(script: Path, store) -> None:
    """Run a cypher-shell script (`;`-ended statements, :begin/:commit lines) the way cypher-shell does."""
    text = "\n".join(line for line in script.read_text(encoding="utf-8").splitlines()
                     if not line.startswith((":", "//")))
    statements = [s.strip() for s in text.split(";\n") if s.strip()]
    assert len(statements) > 10
    with store.driver.session(database=store.database) as session:
        for statement in statements:
            session.run(statement.rstrip(";")).consume()


def test_the_cypher_export_replayed_into_an_empty_database_equals_a_push(embedded, neo4j_store, tmp_path):
    push(embedded, neo4j_store)
    pushed = answers(neo4j_store)
    pushed_graphs = {a: neo4j_store.article_graph(a) for a in ("zarif-meets-tillerson", "us-sanctions-iran")}
    export(embedded, "cypher", tmp_path / "graph.cypher")
    neo4j_store.clear()
    replay(tmp_path / "graph.cypher", neo4j_store)
    assert answers(neo4j_store) == pushed
    assert {a: neo4j_store.article_graph(a) for a in pushed_graphs} == pushed_graphs


def test_two_concurrent_writers_lose_nothing(neo4j_server):
    """Two ingests at once over the same entities: deadlocks are retried by the driver, every article lands."""
    stores = [open_store("neo4j", neo4j_uri=neo4j_server.uri, neo4j_user=neo4j_server.user,
                         neo4j_password=neo4j_server.password, batch_size=20) for _ in range(2)]
    stores[0].clear()
    errors: list[BaseException] = []

    def ingest(store, start: int) -> None:
        try:
            for i in range(start, 60, 2):
                store.upsert_articles([synthetic(i)])
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=ingest, args=(s, k)) for k, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    try:
        assert errors == []
        c = stores[0].counts()
        assert c.articles == 60 and c.evidence == 60 * 5
        alone = open_store("embedded", neo4j_server.home / "alone")
        alone.upsert_articles(synthetic(i) for i in range(60))
        expected = alone.counts()
        alone.close()
        assert (c.entities, c.relations) == (expected.entities, expected.relations)
    finally:
        for s in stores:
            s.close()


WRITER = """
import sys
from geokg.graph.open import open_store
from tests.store_samples import synthetic, meeting
store = open_store("neo4j", neo4j_uri=sys.argv[1], neo4j_user="neo4j", neo4j_password=sys.argv[2], batch_size=50)
store.upsert_articles([meeting()])
print("first article stored", flush=True)
big = synthetic(1, entities=400, per_article=30000)
store.upsert_articles([big])
print("big article stored", flush=True)
"""


def test_a_killed_writer_leaves_no_half_article(neo4j_store, neo4j_server):
    writer = subprocess.Popen([sys.executable, "-c", WRITER, neo4j_server.uri, neo4j_server.password],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "first article stored"
    threading.Event().wait(3)  # the big article's single transaction is under way (it needs far longer)
    writer.send_signal(signal.SIGKILL)
    writer.wait(30)
    assert neo4j_store.get_article("zarif-meets-tillerson")
    assert [a.id for a in neo4j_store.list_articles().items] == ["zarif-meets-tillerson"]
    leftover = neo4j_store._read("MATCH ()-[r]->() WHERE r.article_id = 'synthetic-000001' RETURN count(r) AS n")
    assert leftover == [{"n": 0}]
    assert neo4j_store.counts().evidence == 2


# -- POST /cypher on the real driver ----------------------------------------------------------------------------

@pytest.fixture
def cypher_client(neo4j_store):
    neo4j_store.upsert_articles([meeting(), sanctions()])
    settings = Settings(cypher_enabled=True, cypher_key=KEY["X-Cypher-Key"], api_key="another-key")
    with TestClient(create_app(settings, store=neo4j_store)) as client:
        yield client


def test_post_cypher_reads_with_parameters(cypher_client):
    r = cypher_client.post("/cypher", headers=KEY, json={
        "query": "MATCH (a:Entity {id: $id})-[r]->(b:Entity) RETURN a.name AS a, type(r) AS t, b.name AS b",
        "parameters": {"id": ZARIF.id}})
    assert r.status_code == 200, r.text
    assert r.json() == {"columns": ["a", "t", "b"], "rows": [["Mohammad Javad Zarif", "MET", "Rex Tillerson"]],
                        "truncated": False}
    labels = cypher_client.post("/cypher", headers=KEY, json={"query": "CALL db.labels() YIELD label RETURN label"})
    assert labels.status_code == 200 and ["Person"] in labels.json()["rows"]


def test_post_cypher_caps_rows(cypher_client):
    r = cypher_client.post("/cypher", headers=KEY, json={"query": "UNWIND range(1, 1000000) AS x RETURN x",
                                                        "limit": 5})
    assert r.status_code == 200 and r.json()["rows"] == [[1], [2], [3], [4], [5]] and r.json()["truncated"]


@pytest.mark.parametrize("query", [
    "MATCH (n:Entity) DETACH DELETE n",
    "CREATE (n:Entity {id: 'x'}) RETURN n",
    "MATCH (n) RETURN n // x\rLOAD CSV FROM 'http://169.254.169.254/latest/meta-data' AS r RETURN r",
    "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r",
    "CALL dbms.components() YIELD name RETURN name",
    "CALL db.labels() YIELD label RETURN label; MATCH (n) DETACH DELETE n",
    "RETURN [1][0..apoc.cypher.runFirstColumnSingle('MATCH (n) RETURN n', {})]",
    "SHOW USERS",
    "STOP DATABASE neo4j",
    "RENAME USER neo4j TO someone",
    "INSERT (n:Entity {id: 'x'})",
])
def test_post_cypher_refuses_writes_loads_procedures_admin_and_second_statements(cypher_client, neo4j_store, query):
    before = neo4j_store.counts()
    r = cypher_client.post("/cypher", headers=KEY, json={"query": query})
    assert r.status_code in (403, 422), r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert neo4j_store.counts() == before


def test_post_cypher_bad_syntax_is_422_naming_the_problem(cypher_client):
    r = cypher_client.post("/cypher", headers=KEY, json={"query": "MATCH (n RETURN n"})
    assert r.status_code == 422 and "Neo4j refused the query" in r.json()["detail"]


def test_the_time_limit_stops_a_real_slow_query(neo4j_store):
    slow = "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS n"
    t0 = time.monotonic()
    with pytest.raises(QueryTimedOut, match="1 s time limit"):
        run_read_cypher(neo4j_store.driver, neo4j_store.database, slow, {}, limit=10, timeout=1.0)
    assert time.monotonic() - t0 < 20
