"""The Neo4j store without a server: every data query parses as openCypher, and every query gets exactly the
parameters it names, in the configured database, with rows the driver can send as properties."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

import pytest
from antlr4 import CommonTokenStream, InputStream
from antlr4.error.ErrorListener import ErrorListener
from antlr4_cypher import CypherLexer, CypherParser

from geokg.graph import cypher
from geokg.graph.errors import InvalidInput, NotFound
from geokg.graph.model import relation_id
from geokg.graph.naming import cypher_type, relationship_type
from geokg.graph.neo4j_store import Neo4jStore, lucene_query
from tests.store_samples import IRN, USA, meeting, sanctions

PARAM = re.compile(r"\$(\w+)")
ROW_FIELD = re.compile(r"\brow\.(\w+)")
ROW_PROP = re.compile(r"\brow\.props\.(\w+)")


class _Errors(ErrorListener):
    def __init__(self) -> None:
        self.errors: list[str] = []

    def syntaxError(self, recognizer, offending, line, column, msg, e):  # noqa: N802 - antlr's name
        self.errors.append(f"{line}:{column} {msg}")


@cache
def syntax_errors(query: str) -> tuple[str, ...]:
    """What the openCypher grammar of antlr4-cypher objects to in the query (empty when it parses)."""
    listener = _Errors()
    lexer = CypherLexer(InputStream(query))
    parser = CypherParser(CommonTokenStream(lexer))
    for part in (lexer, parser):
        part.removeErrorListeners()
        part.addErrorListener(listener)
    parser.script()
    return tuple(listener.errors)


class FakeResult:
    """What execute_query returns: the keys and the records (tuples of values in key order)."""

    def __init__(self, rows: list[dict]) -> None:
        self.rows = rows
        self.keys = list(rows[0]) if rows else []
        self.records = [tuple(r.values()) for r in rows]


class FakeTxResult:
    """What a transaction's run returns: records to iterate, keys from a method."""

    def __init__(self, rows: list[dict]) -> None:
        self._eager = FakeResult(rows)

    def __iter__(self):
        return iter(self._eager.records)

    def keys(self) -> list[str]:
        return self._eager.keys


class FakeDriver:
    """Stands in for neo4j.Driver at the network edge: records every statement, answers from a script."""

    def __init__(self, answers: dict[str, list[dict]] | None = None) -> None:
        self.calls: list[tuple[str, dict, str | None]] = []
        self.answers = answers or {}
        self.execute_query_bookmark_manager = object()

    def _answer(self, query: str, params: dict | None, database: str | None) -> FakeResult:
        self.calls.append((query, dict(params or {}), database))
        return FakeResult(self.answers.get(query, []))

    def execute_query(self, query: str, parameters_: dict | None = None, routing_: Any = None,
                      database_: str | None = None, **kwargs: Any) -> FakeResult:
        return self._answer(query, parameters_, database_)

    def session(self, database: str | None = None, **kwargs: Any) -> FakeSession:
        return FakeSession(self, database)

    def close(self) -> None:
        pass


class FakeSession:
    def __init__(self, driver: FakeDriver, database: str | None) -> None:
        self.driver, self.database = driver, database

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def execute_write(self, work, *args, **kwargs):
        return work(FakeTx(self), *args, **kwargs)


class FakeTx:
    def __init__(self, session: FakeSession) -> None:
        self.session = session

    def run(self, query: str, parameters: dict | None = None, **kwargs: Any) -> FakeResult:
        return FakeTxResult(self.session.driver._answer(query, parameters, self.session.database).rows)


def assert_property_value(value: Any, where: str) -> None:
    """Neo4j can store only scalars, dates and homogeneous lists of them as property values."""
    if isinstance(value, list):
        assert len({type(v) for v in value}) <= 1, f"{where}: mixed list {value!r}"
        for v in value:
            assert v is not None and not isinstance(v, (list, dict)), f"{where}: bad list item {v!r}"
            assert_property_value(v, where)
        return
    assert value is None or isinstance(value, (str, bool, int, float, date)), f"{where}: {value!r}"


def check_call(query: str, params: dict, database: str | None) -> None:
    """The statement parses (schema DDL aside), names only supplied parameters, and its rows fit."""
    assert database == "geo", f"no database given for {query!r}"
    if query not in cypher.SCHEMA + cypher.NEO4J_ONLY:  # Neo4j's own syntax; the live contract suite runs them
        assert syntax_errors(query) == (), query
    assert set(PARAM.findall(query)) == set(params), query
    for row in params.get("rows", []):
        missing = set(ROW_FIELD.findall(query)) - set(row)
        assert not missing, f"rows lack {missing} for {query!r}"
        named = set(ROW_PROP.findall(query))
        if named and "+= row.props" not in query:  # a key the rows carry but the query does not set is lost
            assert set(row["props"]) <= named, f"{set(row['props']) - named} not set by {query!r}"
        for key, value in row.get("props", {}).items():
            assert_property_value(value, f"{query.split()[4]} {key}")
        for field, var in re.findall(r"UNWIND row\.(\w+) AS (\w+)", query):  # nested rows (WRITE_ARTICLES)
            named = set(re.findall(rf"\b{var}\.props\.(\w+)", query))
            for item in row[field]:
                assert set(item["props"]) <= named, f"{set(item['props']) - named} not set by {query!r}"
                for key, value in item["props"].items():
                    assert_property_value(value, f"{field} {key}")


def test_every_data_query_parses_as_opencypher():
    queries = cypher.data_queries()
    assert len(queries) > 30
    for query in queries:
        assert syntax_errors(query) == (), query


@pytest.mark.parametrize("broken", [
    "MATCH (a:Article) RETURN a LIMITT 3",
    "UNWIND $rows AS row MERGE (e:Entity {id: row.id) SET e += row.props",
    "MATCH (s)-[r:MET]->(o RETURN r",
])
def test_the_syntax_check_rejects_broken_queries(broken: str):
    assert syntax_errors(broken)


def test_schema_has_constraints_and_a_fulltext_index():
    store = Neo4jStore(FakeDriver(), database="geo")
    sent = [q for q, _, db in store.driver.calls]
    assert sent == list(cypher.SCHEMA)
    assert sum("REQUIRE e.id IS UNIQUE" in q or "REQUIRE a.id IS UNIQUE" in q for q in sent) == 2
    assert any(q.startswith("CREATE FULLTEXT INDEX") and "IF NOT EXISTS" in q for q in sent)


def test_upsert_sends_batched_merges_with_every_parameter():
    driver = FakeDriver()
    store = Neo4jStore(driver, database="geo", batch_size=3)
    results = store.upsert_articles([meeting(), sanctions()])
    assert [r.status for r in results] == ["created", "created"]
    for call in driver.calls:
        check_call(*call)
    evidence = [ev for q, p, _ in driver.calls if q == cypher.WRITE_ARTICLES for row in p["rows"] for ev in row["evidence"]]
    assert {row["type"] for row in evidence} == {"MET", "CRITICIZED", "IMPOSED"}
    assert all(len(p["rows"]) <= 3 for q, p, _ in driver.calls if "rows" in p)
    keys = [row for q, p, _ in driver.calls if q == cypher.MERGE_RELATION_KEYS for row in p["rows"]]
    assert relation_id(USA.id, "IMPOSE", IRN.id) in {k["id"] for k in keys}
    entities = [row for q, p, _ in driver.calls if q == cypher.MERGE_ENTITY_VIEWS for row in p["rows"]]
    assert {row["label"] for row in entities} == {"Person", "Country", "Organization"}


def test_unchanged_articles_are_not_written():
    driver = FakeDriver({cypher.EXISTING_ARTICLES: [
        {"id": "zarif-meets-tillerson", "content_hash": meeting().article.content_hash, "extraction": "x"}]})
    store = Neo4jStore(driver, database="geo", create_schema=False)
    assert [r.status for r in store.upsert_articles([meeting()])] == ["unchanged"]
    assert [q for q, _, _ in driver.calls] == [cypher.EXISTING_ARTICLES, cypher.RECORD_LOCATIONS]  # seen again


def test_replacing_and_deleting_forget_old_evidence_first():
    existing = [{"id": "us-sanctions-iran", "content_hash": "old", "extraction": "x"}]
    driver = FakeDriver({cypher.EXISTING_ARTICLES: existing,
                         cypher.ENTITIES_OF_ARTICLES: [{"id": USA.id}, {"id": IRN.id}],
                         cypher.DELETE_EVIDENCE_OF_ARTICLES: [{"rid": "r1"}]})
    store = Neo4jStore(driver, database="geo", create_schema=False)
    assert [r.status for r in store.upsert_articles([sanctions()])] == ["updated"]
    store.delete_article("us-sanctions-iran")
    sent = [q for q, _, _ in driver.calls]
    for call in driver.calls:
        check_call(*call)
    assert sent.index(cypher.DELETE_EVIDENCE_OF_ARTICLES) < sent.index(cypher.WRITE_ARTICLES)
    assert cypher.DELETE_ARTICLES in sent and cypher.PRUNE_RELATION_KEYS in sent and cypher.ENTITY_SOURCES in sent


def test_every_read_gets_its_parameters_and_unknown_ids_are_not_found():
    driver = FakeDriver({cypher.ARTICLE_TOTALS: [{"n": 0, "newest": None, "last_ingest": None}],
                         cypher.EVIDENCE_TOTAL: [{"n": 0}]})
    store = Neo4jStore(driver, database="geo", create_schema=False)
    assert store.counts().articles == 0
    assert store.list_articles(limit=5, offset=10).total == 0
    assert store.search_entities("Zarif", limit=3).items == []
    assert store.timeline(None) == [] and store.centrality(3) == []
    assert store.find_relations().total == 0
    for call in (lambda: store.get_entity("person:x"), lambda: store.relations_of("person:x"),
                 lambda: store.evidence("r1"), lambda: store.get_article("a"), lambda: store.article_graph("a"),
                 lambda: store.events_between("a", "b"), lambda: store.shortest_paths("a", "b"),
                 lambda: store.neighbourhood("a"), lambda: store.top_counterparts("a"),
                 lambda: store.timeline("a"), lambda: store.delete_article("a")):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(InvalidInput):
        store.shortest_paths("a", "b", max_hops=11)
    for call in driver.calls:
        check_call(*call)


@pytest.mark.parametrize(("predicate", "rel_type"), [
    ("MEET", "MET"), ("IMPOSE", "IMPOSED"), ("STOP", "STOPPED"), ("SAY", "SAID"), ("CALL_FOR", "CALLED_FOR"),
    ("criticize", "CRITICIZED"),
])
def test_relationship_types_are_past_tense(predicate: str, rel_type: str):
    assert relationship_type(predicate) == rel_type
    assert cypher_type(rel_type) == f"`{rel_type}`"


@pytest.mark.parametrize("bad", ["MET`]->(x) DETACH DELETE x //", "met", "1MET", "", "MET-WITH"])
def test_a_relationship_type_outside_the_allowlist_is_refused(bad: str):
    with pytest.raises(InvalidInput):
        cypher_type(bad)


@pytest.mark.parametrize(("predicate", "rel_type"), [
    ("DÉCLARER", "DECLARERED"), ("MEET-WITH", "MET_WITH"), ("3D", "RELATED_TO"), ("+", "RELATED_TO"),
])
def test_any_non_empty_predicate_gets_a_valid_relationship_type(predicate: str, rel_type: str):
    assert relationship_type(predicate) == rel_type


def test_lucene_query_splits_words_as_the_index_does():
    # the index's standard analyzer splits on punctuation and hyphens: "al-Assad" is indexed as "al", "assad"
    assert lucene_query("u.s. (gov)") == "names_text:(u* OR s* OR gov* OR gov~1)"
    assert lucene_query("al-Assad") == "names_text:(al* OR assad* OR assad~1)"
    assert lucene_query("O'Brien") == "names_text:(o'brien* OR o'brien~2)"
    assert lucene_query("   ") == "" and lucene_query("--") == ""
    assert lucene_query("IRAN") == "names_text:(iran* OR iran~1)"


def test_saved_browser_queries_parse_and_the_style_covers_every_label():
    from pathlib import Path

    from geokg.graph.model import NEO4J_LABELS

    from tests.test_neo4j_browser import favourites

    docs = Path(__file__).resolve().parent.parent / "docs"
    saved = favourites()
    assert len(saved) == 4
    for title, query in saved:
        assert syntax_errors(query) == (), title
    grass = (docs / "geokg.grass").read_text()
    for label in [*NEO4J_LABELS.values(), "Article"]:
        assert f"node.{label} {{" in grass and "caption:" in grass.split(f"node.{label} {{")[1].split("}")[0]


def test_browsing_members_and_periods_send_their_parameters_and_aggregate_rows():
    from geokg.graph.store import PeriodSummary

    rows = [{"day": date(2017, 9, 20), "goldstein": 1.0, "quad": 1, "n": 2},
            {"day": date(2017, 9, 21), "goldstein": -8.0, "quad": 4, "n": 1},
            {"day": date(2017, 10, 2), "goldstein": None, "quad": None, "n": 1},
            {"day": None, "goldstein": 1.0, "quad": 1, "n": 5}]
    driver = FakeDriver({cypher.ENTITY_TOTAL: [{"n": 0}], cypher.PERIODS_ALL: rows})
    store = Neo4jStore(driver, database="geo", create_schema=False)
    assert store.list_entities(type_="person", limit=5, offset=10).total == 0
    assert store.members(IRN.id) == []
    assert store.period_summaries(None) == [PeriodSummary(date(2017, 9, 1), 3, 3, -2.0, {1: 2, 4: 1}),
                                            PeriodSummary(date(2017, 10, 1), 1, 0, None, {})]
    with pytest.raises(NotFound):
        store.period_summaries(["person:x"])
    assert any(params.get("type") == "PERSON" for _, params, _ in driver.calls)
    for call in driver.calls:
        check_call(*call)
