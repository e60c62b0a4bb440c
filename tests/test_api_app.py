"""The app's life: opening the configured store, loading the pipeline on demand, saying when the store is gone."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from geokg.api.app import create_app
from geokg.api.settings import Settings
from geokg.graph.errors import ConfigError
from tests.test_api_queries import fixture_graphs, open_embedded


@pytest.fixture
def filled_dir(tmp_path):
    """A data folder holding the fixture graphs, with no store left open on it."""
    with open_embedded(tmp_path) as store:
        store.upsert_articles(fixture_graphs())
    return tmp_path


def test_without_a_store_the_app_opens_the_configured_one(filled_dir):
    with TestClient(create_app(Settings(data_dir=filled_dir))) as client:
        assert client.get("/stats").json()["articles"] == 3
        assert client.get("/health").json()["store"] == "embedded"


def test_a_store_that_cannot_be_configured_fails_at_creation():
    with pytest.raises(ConfigError, match="KG_NEO4J_URI"):
        create_app(Settings(store="neo4j", neo4j_uri=None))


def test_health_is_503_when_the_store_file_is_replaced_by_a_foreign_one(filled_dir):
    store = open_embedded(filled_dir)
    client = TestClient(create_app(Settings(data_dir=filled_dir), store=store))
    assert client.get("/health").status_code == 200
    db = filled_dir / "store.db"
    junk = filled_dir / "junk"
    junk.write_bytes(b"not a graph at all\n" * 20)
    os.replace(junk, db)
    r = client.get("/health")
    assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "Store unavailable" and "store.db" in r.json()["detail"]
    store.close()


def test_the_pipeline_loads_on_the_first_post(filled_dir, nlp):
    settings = Settings(data_dir=filled_dir, api_key="k")
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").json()["pipeline_loaded"] is False
        r = client.post("/articles", json={"text": "Angela Merkel met Emmanuel Macron in Berlin."},
                        headers={"X-API-Key": "k"})
        assert r.status_code == 201, r.text
        assert client.get("/health").json()["pipeline_loaded"] is True


def test_the_docs_show_every_endpoint_with_examples(filled_dir):
    with TestClient(create_app(Settings(data_dir=filled_dir))) as client:
        assert "swagger" in client.get("/docs").text.lower()
        spec = client.get("/openapi.json").json()
    assert {"/entities", "/entities/{entity_id}/relations", "/relations", "/dyads", "/paths", "/subgraph",
            "/timeline", "/articles", "/articles/{article_id}", "/cypher", "/health", "/stats"} <= set(spec["paths"])
    assert spec["components"]["schemas"]["EntityDetail"]["examples"][0]["name"] == "Mohammad Javad Zarif"
    assert "application/problem+json" in spec["paths"]["/entities/{entity_id}"]["get"]["responses"]["404"]["content"]
    assert all(op.get("description") for item in spec["paths"].values() for op in item.values())
