"""geokg export (GraphML, neo4j-admin CSV, cypher-shell script) and geokg push, from a real embedded store."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from geokg.api.cli import main
from geokg.graph import cypher
from geokg.graph.embedded import EmbeddedStore
from geokg.graph.export import push
from geokg.graph.neo4j_store import Neo4jStore
from tests.store_samples import meeting, sanctions
from tests.test_neo4j_queries import FakeDriver, check_call, syntax_errors

TRICKY = "The US said: 'sanctions on Iran\nare \\back\\'."


@pytest.fixture
def filled(data_dir: Path) -> Path:
    """A data folder holding two articles, one with quotes, a backslash and a newline in a sentence."""
    s = sanctions()
    tricky = replace(s, relations=(replace(s.relations[0], text=TRICKY), *s.relations[1:]))
    with EmbeddedStore(data_dir) as store:
        store.upsert_articles([meeting(), tricky])
    return data_dir


def run_cli(data_dir: Path, *args: str):
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args], catch_exceptions=False)
    return result


def test_graphml_has_entities_and_aggregated_relations(filled: Path, tmp_path: Path):
    out = tmp_path / "graph.graphml"
    result = run_cli(filled, "export", "--format", "graphml", str(out))
    assert result.exit_code == 0, result.output
    assert "2 articles, 5 entities, 4 relations" in result.output
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 4
    assert g.nodes["country:USA"]["label"] == "United States"
    labels = {d["label"] for _, _, d in g.edges(data=True)}
    assert labels == {"MET", "CRITICIZED", "IMPOSED"}


def test_csv_follows_the_neo4j_admin_import_layout(filled: Path, tmp_path: Path):
    out = tmp_path / "import"
    assert run_cli(filled, "export", "--format", "csv", str(out)).exit_code == 0
    with open(out / "entities.csv", newline="") as f:
        entities = list(csv.DictReader(f))
    assert {"id:ID(Entity)", "aliases:string[]", ":LABEL"} <= set(entities[0])
    usa = next(e for e in entities if e["id:ID(Entity)"] == "country:USA")
    assert usa[":LABEL"].split("\x1f") == ["Entity", "Country"]
    assert usa["aliases:string[]"].split("\x1f") == ["US", "U.S."]
    with open(out / "evidence.csv", newline="") as f:
        evidence = list(csv.DictReader(f))
    assert len(evidence) == 4
    assert {e[":TYPE"] for e in evidence} == {"MET", "CRITICIZED", "IMPOSED"}
    assert TRICKY in {e["text"] for e in evidence}
    assert {":START_ID(Entity)", ":END_ID(Entity)"} <= set(evidence[0])
    with open(out / "mentions.csv", newline="") as f:
        assert {":START_ID(Article)", ":END_ID(Entity)", ":TYPE"} <= set(next(csv.reader(f)))
    assert "neo4j-admin database import full" in (out / "IMPORT.txt").read_text()


def test_cypher_script_parses_and_only_merges(filled: Path, tmp_path: Path):
    out = tmp_path / "graph.cypher"
    assert run_cli(filled, "export", "--format", "cypher", str(out)).exit_code == 0
    text = out.read_text()
    statements = [s for s in text.split(":begin\n")[1:]]
    assert len(statements) >= 6
    for block in statements:
        statement = block.split("\n:commit")[0]
        assert syntax_errors(statement.rstrip(";")) == (), statement[:200]
        assert "CREATE" not in statement and "MERGE" in statement
    for schema in cypher.SCHEMA:
        assert schema + ";" in text
    assert cypher.literal(TRICKY) in text


@pytest.mark.parametrize(("value", "expected"), [
    ("it's", r"'it\'s'"), ("a\\b", r"'a\\b'"), ("x\ny", r"'x\ny'"), (None, "null"), (True, "true"),
    (["a", "b"], "['a', 'b']"), (1.5, "1.5"), ({"k": 1}, "{`k`: 1}"),
])
def test_cypher_literals(value, expected):
    assert cypher.literal(value) == expected


def test_push_sends_every_article_to_neo4j(filled: Path):
    driver = FakeDriver()
    target = Neo4jStore(driver, database="geo", batch_size=2)
    with EmbeddedStore(filled) as source:
        assert push(source, target) == (2, 0)
    for call in driver.calls:
        check_call(*call)
    merged = [row["id"] for q, p, _ in driver.calls if q == cypher.WRITE_ARTICLES for row in p["rows"]]
    assert merged == ["zarif-meets-tillerson", "us-sanctions-iran"]  # oldest first


def test_push_without_a_neo4j_uri_says_so(filled: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("KG_NEO4J_URI", raising=False)
    result = CliRunner().invoke(main, ["--data-dir", str(filled), "push"], env={"KG_NEO4J_URI": None})
    assert result.exit_code == 2
    assert "KG_NEO4J_URI" in result.output
