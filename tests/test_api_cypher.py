"""POST /cypher refuses anything but reads: the text guard, the EXPLAIN type check, read mode, row cap, timeout.

No Neo4j server can run here, so the driver is a fake at the network edge that records what it was asked.
"""

from __future__ import annotations

import neo4j
import pytest
from fastapi.testclient import TestClient
from neo4j.exceptions import ClientError

from geokg.api.app import create_app
from geokg.api.cypher_guard import CYPHER_TIMEOUT_S, CypherRefused, guard_cypher, run_read_cypher
from geokg.api.settings import Settings


@pytest.mark.parametrize(("query", "why"), [
    ("CREATE (n:Entity {id: 'x'}) RETURN n", "CREATE"),
    ("MATCH (n) DETACH DELETE n", "DETACH"),
    ("MATCH (n) /* harmless? */ SET n.name = 'x'", "SET"),
    ("MERGE (n:Entity {id: $id})", "MERGE"),
    ("MATCH (n) REMOVE n:Entity", "REMOVE"),
    ("MATCH (n) FOREACH (x IN [1] | SET n.y = x)", "FOREACH"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
    ("load\n csv with headers from 'https://x' as r return r", "LOAD CSV"),
    ("USE system SHOW USERS", "USE"),
    ("SHOW USERS", "SHOW"),
    ("DROP INDEX entity_id", "DROP"),
    ("CALL dbms.security.listUsers()", "dbms.security.listUsers"),
    ("CALL apoc.cypher.runWrite('CREATE (n)', {})", "apoc.cypher.runWrite"),
    ("CALL `dbms`.`security`.listUsers()", "CALL"),
    ("RETURN `apoc`.`cypher`.runFirstColumnSingle('MATCH (n) RETURN n', {})", "quoted names"),
    ("RETURN apoc.`cypher`.runFirstColumnSingle('x', {})", "quoted names"),
    ("CALL { MATCH (n) RETURN n } RETURN n", "CALL {...}"),
    ("CALL db.labels() YIELD label CALL dbms.components() YIELD name RETURN label, name", "dbms.components"),
    ("RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) RETURN n', {})", "apoc.cypher.runFirstColumnSingle"),
    ("MATCH (n) RETURN n; MATCH (m) RETURN m", "one statement"),
    ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN"),
    ("PROFILE MATCH (n) RETURN n", "PROFILE"),
])
def test_the_text_guard_refuses_writes_files_database_switches_and_unsafe_calls(query, why):
    with pytest.raises(CypherRefused, match=why.replace("{", r"\{").replace("(", r"\(")):
        guard_cypher(query)


@pytest.mark.parametrize("query", [
    "MATCH (a:Entity {id: $id})-[r]->(b:Entity) RETURN a.name, type(r), b.name LIMIT 10",
    "MATCH (n) WHERE n.name = 'CREATE USE LOAD CSV CALL apoc.x()' RETURN n",  # keywords inside a string
    'MATCH (n) WHERE n.name = "it\\"s; DELETE" RETURN n',
    "MATCH (n) // then DELETE n\nRETURN n",  # a comment hides nothing Neo4j would run
    "MATCH ()-[r:IMPOSED]->() RETURN r.start, r.end, r.set",  # properties named like keywords
    "CALL db.labels() YIELD label RETURN label",
    "call DB.relationshipTypes()",
    "RETURN date.truncate('month', date('2017-09-20')) AS month, count(*) AS n",
    "MATCH (n) RETURN n;",
    "MATCH (n) RETURN n.`first seen` AS `first seen`",  # quoted property and column names
])
def test_the_text_guard_lets_reads_through(query):
    guard_cypher(query)


class FakeResult:
    """What a neo4j Result offers: keys, records, a summary with the query type."""

    def __init__(self, keys, rows, query_type):
        self._keys, self._rows, self.query_type = keys, rows, query_type

    def keys(self):
        return list(self._keys)

    def __iter__(self):
        return iter([neo4j.Record(zip(self._keys, row, strict=True)) for row in self._rows])

    def consume(self):
        return self


class FakeDriver:
    """A driver whose sessions record the access mode, queries, timeouts and parameters they were given."""

    def __init__(self, query_type="r", rows=(), keys=("n",), error=None):
        self.query_type, self.rows, self.keys, self.error = query_type, list(rows), keys, error
        self.sessions: list[dict] = []
        self.queries: list[tuple[str, float | None, dict]] = []

    def session(self, **kwargs):
        self.sessions.append(kwargs)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute_read(self, work, *args):
        return work(self, *args)

    def run(self, query: neo4j.Query, parameters=None):
        self.queries.append((query.text, query.timeout, parameters))
        if self.error:
            raise self.error
        return FakeResult(self.keys, self.rows, self.query_type)


@pytest.mark.parametrize("query_type", ["rw", "w", "s"])
def test_a_query_explain_does_not_call_read_is_refused_before_it_runs(query_type):
    driver = FakeDriver(query_type=query_type)
    with pytest.raises(CypherRefused, match=f"type '{query_type}'"):
        run_read_cypher(driver, "neo4j", "MATCH (n) RETURN n", {}, limit=10)
    assert [q[0] for q in driver.queries] == ["EXPLAIN MATCH (n) RETURN n"]


def test_a_read_runs_in_read_mode_with_parameters_timeout_and_row_cap():
    driver = FakeDriver(rows=[[i] for i in range(5)])
    out = run_read_cypher(driver, "geo", "MATCH (n) WHERE n.x > $x RETURN n", {"x": 1}, limit=3)
    assert out.rows == [[0], [1], [2]] and out.truncated and out.columns == ["n"]
    assert driver.sessions == [{"database": "geo", "default_access_mode": neo4j.READ_ACCESS}]
    assert driver.queries[1] == ("MATCH (n) WHERE n.x > $x RETURN n", CYPHER_TIMEOUT_S, {"x": 1})
    whole = run_read_cypher(FakeDriver(rows=[[1], [2]]), "geo", "MATCH (n) RETURN n", {}, limit=3)
    assert whole.rows == [[1], [2]] and not whole.truncated


def test_a_refused_query_never_reaches_the_driver():
    driver = FakeDriver()
    with pytest.raises(CypherRefused):
        run_read_cypher(driver, "neo4j", "MATCH (n) DETACH DELETE n", {}, limit=1)
    assert driver.queries == [] and driver.sessions == []


class Neo4jLikeStore:
    """The attributes POST /cypher uses from the Neo4j store."""

    def __init__(self, driver):
        self.driver, self.database = driver, "neo4j"


@pytest.mark.parametrize(("driver", "body", "status", "word"), [
    (FakeDriver(rows=[[{"name": "Iran"}]]), {"query": "MATCH (n) RETURN n", "limit": 5}, 200, None),
    (FakeDriver(), {"query": "MATCH (n) DELETE n"}, 400, "DELETE"),
    (FakeDriver(query_type="rw"), {"query": "MATCH (n) RETURN n"}, 400, "'rw'"),
    (FakeDriver(error=ClientError("Invalid input 'MATC'")), {"query": "MATC (n) RETURN n"}, 422, "MATC"),
    (FakeDriver(), {"query": "MATCH (n) RETURN n", "limit": 5000}, 422, "'limit'"),
    (FakeDriver(), {"query": ""}, 422, "'query'"),
])
def test_post_cypher_over_http(driver, body, status, word):
    client = TestClient(create_app(Settings(), store=Neo4jLikeStore(driver)))
    r = client.post("/cypher", json=body)
    assert r.status_code == status, r.text
    if status == 200:
        assert r.json() == {"columns": ["n"], "rows": [[{"name": "Iran"}]], "truncated": False}
    else:
        assert r.headers["content-type"] == "application/problem+json" and word in r.json()["detail"]
