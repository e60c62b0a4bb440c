"""Writing through the API: ingest a text with the real pipeline, delete an article, both behind the API key."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from geokg.api.app import create_app
from geokg.api.settings import Settings
from tests.conftest import SEED_ARTICLE
from tests.test_api_queries import BRITAIN, fixture_graphs, open_embedded

KEY = "analyst-key"
AUTH = {"X-API-Key": KEY}


@pytest.fixture
def store(tmp_path):
    """A fresh embedded store with the fixture graphs."""
    s = open_embedded(tmp_path / "data")
    s.upsert_articles(fixture_graphs())
    yield s
    s.close()


@pytest.fixture
def client(store, nlp, tmp_path) -> TestClient:
    """The app with a key configured and the session's spaCy pipeline."""
    return TestClient(create_app(Settings(data_dir=tmp_path / "data", api_key=KEY), store=store, nlp=nlp))


def test_delete_removes_the_article_and_what_only_it_supported(client):
    assert client.get(f"/entities/{BRITAIN.id}").status_code == 200
    r = client.delete("/articles/a3", headers={"Authorization": f"Bearer {KEY}"})
    assert r.status_code == 204 and r.content == b""
    assert client.get("/articles/a3").status_code == 404
    assert client.get(f"/entities/{BRITAIN.id}").status_code == 404
    assert client.get("/stats").json()["articles"] == 2
    assert client.delete("/articles/a3", headers=AUTH).status_code == 404


def test_post_the_seed_article_then_zarif_met_tillerson(client):
    body = {"text": SEED_ARTICLE.read_text(encoding="utf-8"), "title": "Iran open to missile talks",
            "url": "https://example.org/news/iran-missile-talks", "date": "2017-10-05"}
    r = client.post("/articles", json=body, headers=AUTH)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["status"] == "created" and created["entities"] >= 5 and created["relations"] >= 1
    again = client.post("/articles", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"

    hits = client.get("/entities", params={"q": "Zarif"}).json()["items"]
    zarif = hits[0]["entity"]
    assert "Zarif" in zarif["name"] and zarif["type"] == "PERSON"
    relations = client.get(f"/entities/{zarif['id']}/relations").json()["items"]
    counterparts = {r["object"]["name"] for r in relations} | {r["subject"]["name"] for r in relations}
    assert "Rex Tillerson" in counterparts

    detail = client.get(f"/articles/{created['article_id']}").json()
    assert detail["article"]["published"] == "2017-10-05"
    assert detail["article"]["url"] == body["url"]
    assert any(e["name"] == "Rex Tillerson" for e in detail["entities"])
    assert client.get("/health").json()["pipeline_loaded"] is True


def test_post_text_of_only_white_space_is_422(client):
    r = client.post("/articles", json={"text": " \n\t "}, headers=AUTH)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert "text" in r.json()["detail"]


def test_two_posts_without_url_are_two_articles_even_with_one_title(client):
    texts = ["Germany and France agreed to cooperate on defence.", "Russia criticised NATO on Monday."]
    ids = [client.post("/articles", json={"text": t, "title": "Briefing"}, headers=AUTH).json()["article_id"]
           for t in texts]
    assert ids[0] != ids[1]  # identity from the text, never the title
    listed = {a["id"] for a in client.get("/articles", params={"limit": 500}).json()["items"]}
    assert set(ids) <= listed
