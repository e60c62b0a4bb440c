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
    ("CALL `dbms`.`security`.listUsers()", "CALL dbms.security.listUsers"),
    ("RETURN `apoc`.`cypher`.runFirstColumnSingle('MATCH (n) RETURN n', {})", "apoc.cypher.runFirstColumnSingle"),
    ("RETURN apoc.`cypher`.runFirstColumnSingle('x', {})", "apoc.cypher.runFirstColumnSingle"),
    ("RETURN `apoc.cypher.runFirstColumnSingle`('x', {})", "apoc.cypher.runFirstColumnSingle"),
    # the bypasses of the pattern guard: Neo4j ends a // comment at \r, so what follows runs
    ("MATCH (n) RETURN n // x\rLOAD CSV FROM 'http://169.254.169.254/latest' AS r RETURN r", "LOAD CSV"),
    ("// x\rCALL dbms.components()", "dbms.components"),
    ("// x\rMATCH (n) RETURN n; MATCH (m) DELETE m", "one statement"),
    ("RETURN [1][0..apoc.cypher.runFirstColumnSingle('MATCH (n) RETURN n', {})]", "apoc.cypher"),
    ("RETURN (n).apoc.x()", "on an expression"),
    ("INSERT (n:Entity {id: 'x'})", "INSERT"),
    ("START DATABASE neo4j", "START"),
    ("STOP DATABASE neo4j", "STOP"),
    ("RENAME USER neo4j TO x", "RENAME"),
    ("RENAME ROLE reader TO x", "RENAME"),
    ("CYPHER runtime=slotted MATCH (n) RETURN n", "CYPHER"),
    ("CALL () { MATCH (n) RETURN n } RETURN n", "CALL {...}"),
    ("RETURN 'it\\'s' AS a; CREATE (n)", "one statement"),  # the escaped quote does not end the string
    ("MATCH (n) WHERE n.name = 'x RETURN n", "string is not closed"),
    ("MATCH (n) /* RETURN n", "comment is not closed"),
    ("/* only a comment */", "empty"),
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
    "MATCH (n) WHERE n.name = 'a\\'; DELETE' RETURN n",  # an escaped quote inside a string
    "MATCH (n) RETURN n.`x`` DELETE` AS y",  # a doubled backtick inside a quoted name
    "MATCH (n) // CREATE (m)\r\nRETURN n",  # comments end at \r or \n, not before
    "MATCH (n) WHERE n.start > 1 RETURN n.stop, n.insert, n.rename",  # properties named like keywords
    "RETURN [1, 2, 3][0..2] AS s, size([1][0..1]) AS n",
    "RETURN duration.between(date('2017-01-01'), date('2017-02-01')) AS d",
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
        self.execute_query_bookmark_manager = object()
        self._timeout: float | None = None

    def session(self, **kwargs):
        self.sessions.append(kwargs)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute_read(self, work, *args):
        self._timeout = getattr(work, "timeout", None)  # where neo4j.unit_of_work puts it
        return work(self, *args)

    def run(self, query: str, parameters=None):
        if not isinstance(query, str):  # the real driver refuses a neo4j.Query inside a managed transaction
            raise TypeError("Query object is only supported for session.run")
        self.queries.append((query, self._timeout, parameters))
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
    assert driver.sessions == [{"database": "geo", "default_access_mode": neo4j.READ_ACCESS,
                                "bookmark_manager": driver.execute_query_bookmark_manager}]
    assert driver.queries[1] == ("MATCH (n) WHERE n.x > $x RETURN n", CYPHER_TIMEOUT_S, {"x": 1})
    whole = run_read_cypher(FakeDriver(rows=[[1], [2]]), "geo", "MATCH (n) RETURN n", {}, limit=3)
    assert whole.rows == [[1], [2]] and not whole.truncated


def test_a_refused_query_never_reaches_the_driver():
    driver = FakeDriver()
    with pytest.raises(CypherRefused):
        run_read_cypher(driver, "neo4j", "MATCH (n) DETACH DELETE n", {}, limit=1)
    assert driver.queries == [] and driver.sessions == []


CYPHER_ON = Settings(cypher_enabled=True, cypher_key="cypher-secret", api_key="api-secret")


@pytest.mark.parametrize(("settings", "headers", "status", "word"), [
    (Settings(), {"X-Cypher-Key": "x"}, 403, "KG_CYPHER_ENABLED"),
    (Settings(cypher_enabled=True), {"X-Cypher-Key": "x"}, 403, "KG_CYPHER_KEY"),
    (CYPHER_ON, {}, 401, "X-Cypher-Key"),
    (CYPHER_ON, {"X-Cypher-Key": "api-secret"}, 401, "not the configured"),
    (CYPHER_ON, {"X-API-Key": "api-secret"}, 401, "X-Cypher-Key"),  # the API key does not open /cypher
])
def test_post_cypher_is_off_by_default_and_needs_its_own_key(settings, headers, status, word):
    driver = FakeDriver()
    client = TestClient(create_app(settings, store=Neo4jLikeStore(driver)))
    r = client.post("/cypher", json={"query": "MATCH (n) RETURN n"}, headers=headers)
    assert r.status_code == status and word in r.json()["detail"], r.text
    assert driver.sessions == []


class Neo4jLikeStore:
    """The attributes POST /cypher uses from the Neo4j store."""

    def __init__(self, driver):
        self.driver, self.database = driver, "neo4j"


@pytest.mark.parametrize(("driver", "body", "status", "word"), [
    (FakeDriver(rows=[[{"name": "Iran"}]]), {"query": "MATCH (n) RETURN n", "limit": 5}, 200, None),
    (FakeDriver(), {"query": "MATCH (n) DELETE n"}, 403, "DELETE"),
    (FakeDriver(query_type="rw"), {"query": "MATCH (n) RETURN n"}, 403, "'rw'"),
    (FakeDriver(error=ClientError("Invalid input 'MATC'")), {"query": "MATC (n) RETURN n"}, 422, "MATC"),
    (FakeDriver(), {"query": "MATCH (n) RETURN n", "limit": 5000}, 422, "'limit'"),
    (FakeDriver(), {"query": ""}, 422, "'query'"),
])
def test_post_cypher_over_http(driver, body, status, word):
    client = TestClient(create_app(CYPHER_ON, store=Neo4jLikeStore(driver)))
    r = client.post("/cypher", json=body, headers={"X-Cypher-Key": "cypher-secret"})
    assert r.status_code == status, r.text
    if status == 200:
        assert r.json() == {"columns": ["n"], "rows": [[{"name": "Iran"}]], "truncated": False}
    else:
        assert r.headers["content-type"] == "application/problem+json" and word in r.json()["detail"]
