"""Every error is problem JSON with the right status: bad parameters, unknown ids and routes, auth, size, CORS."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from geokg.api.app import create_app
from geokg.api.settings import Settings
from tests.test_api_queries import ZARIF, fixture_graphs, open_embedded

KEY = "s3cret-key"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    """A real embedded store with the fixture graphs."""
    s = open_embedded(tmp_path_factory.mktemp("api-errors"))
    s.upsert_articles(fixture_graphs())
    yield s
    s.close()


def make_client(store, **settings) -> TestClient:
    """A client over the app with these settings (no lifespan needed: the store is given)."""
    return TestClient(create_app(Settings(**settings), store=store))


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return make_client(store, api_key=KEY, max_post_bytes=1000)


def assert_problem(r, status: int, *words: str) -> dict:
    """The response is a problem+json of this status whose detail mentions each word."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["title"] and body["type"].startswith("urn:geokg:problem:")
    for word in words:
        assert word in body["detail"], body["detail"]
    return body


@pytest.mark.parametrize(("path", "params", "words"), [
    ("/entities", {"q": ""}, ["query parameter 'q'", "at least 1 character"]),
    ("/dyads", {"a": "Iran", "b": "US", "rollup": "city"}, ["query parameter 'rollup'", "'country'"]),
    ("/entities", {"q": "Iran", "limit": 0}, ["query parameter 'limit'", "greater than or equal to 1"]),
    ("/entities", {"q": "Iran", "limit": "ten"}, ["'limit'", "integer"]),
    ("/entities", {"q": "Iran", "type": "PLANET"}, ["query parameter 'type'", "PERSON"]),
    ("/relations", {"since": "2017-13-01"}, ["query parameter 'since'"]),
    ("/relations", {"quad_class": 5}, ["'quad_class'"]),
    ("/relations", {"event": "0;DROP"}, ["query parameter 'event'"]),
    ("/relations", {"since": "2018-01-01", "until": "2017-01-01"}, ["since (2018-01-01) is after until"]),
    ("/entities/country:IRN/relations", {"direction": "up"}, ["'direction'", "'out'"]),
    ("/paths", {"from": "Zarif"}, ["query parameter 'to'", "required"]),
    ("/paths", {"from": "Zarif", "to": "Iran", "max_hops": 99}, ["'max_hops'"]),
    ("/subgraph", {"center": "Iran", "hops": 9}, ["'hops'"]),
    ("/timeline", {"bucket": "year"}, ["'bucket'"]),
    ("/relations/not-an-id/evidence", {}, ["path parameter 'relation_id'"]),
    ("/articles", {"offset": -1}, ["'offset'"]),
])
def test_bad_parameters_are_422_naming_the_parameter(client, path, params, words):
    body = assert_problem(client.get(path, params=params), 422, *words)
    assert body["title"] == "Invalid input"


@pytest.mark.parametrize(("path", "params", "word"), [
    ("/entities/person:nobody", {}, "person:nobody"),
    ("/entities/person:nobody/relations", {}, "person:nobody"),
    ("/relations", {"subject": "Atlantis"}, "Atlantis"),
    ("/relations/r0000000000000000/evidence", {}, "r0000000000000000"),
    ("/dyads", {"a": "Iran", "b": "Atlantis"}, "Atlantis"),
    ("/paths", {"from": "Atlantis", "to": "Iran"}, "Atlantis"),
    ("/subgraph", {"center": "Atlantis"}, "Atlantis"),
    ("/timeline", {"entity": "Atlantis"}, "Atlantis"),
    ("/articles/no-such-article", {}, "no-such-article"),
])
def test_unknown_ids_are_404_naming_them(client, path, params, word):
    assert_problem(client.get(path, params=params), 404, word)


def test_unknown_route_and_wrong_method_are_problems(client):
    assert_problem(client.get("/nowhere"), 404, "/nowhere")
    assert_problem(client.put("/entities"), 405, "PUT")


def test_writes_need_the_key(client):
    body = {"text": "Iran met France."}
    r = client.post("/articles", json=body)
    assert_problem(r, 401, "X-API-Key")
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert_problem(client.post("/articles", json=body, headers={"X-API-Key": "wrong"}), 401, "not the configured")
    assert_problem(client.delete("/articles/a1", headers={"Authorization": "Bearer wrong"}), 401)
    assert client.get("/articles/a1").status_code == 200  # nothing was deleted


def test_writes_are_refused_when_no_key_is_configured(store):
    no_key = make_client(store)
    assert_problem(no_key.delete("/articles/a1", headers={"X-API-Key": ""}), 403, "KG_API_KEY")
    assert_problem(no_key.post("/articles", json={"text": "x"}, headers={"X-API-Key": "anything"}), 403,
                   "KG_API_KEY")


def test_bad_body_is_422_after_auth(client):
    auth = {"X-API-Key": KEY}
    assert_problem(client.post("/articles", json={"title": "no text"}, headers=auth), 422, "body field 'text'")
    assert_problem(client.post("/articles", json={"text": "x", "colour": "red"}, headers=auth), 422, "colour")
    assert_problem(client.post("/articles", json={"text": "x", "date": "yesterday"}, headers=auth), 422, "date")
    r = client.post("/articles", content=b"{not json", headers={**auth, "Content-Type": "application/json"})
    assert_problem(r, 422, "JSON")


def test_too_large_bodies_are_413_by_header_and_by_stream(client):
    auth = {"X-API-Key": KEY}
    big = {"text": "Iran. " * 400}
    assert_problem(client.post("/articles", json=big, headers=auth), 413, "1000 bytes")

    def chunks():  # no Content-Length: the limit must hold on the streamed body too
        for _ in range(10):
            yield b"x" * 500

    r = client.post("/articles", content=chunks(), headers={**auth, "Content-Type": "application/json"})
    assert_problem(r, 413, "over the limit")


def test_cors_is_off_by_default_and_on_when_configured(store, client):
    origin = {"Origin": "https://analyst.example"}
    assert "access-control-allow-origin" not in client.get("/health", headers=origin).headers
    cors = make_client(store, cors_origins=["https://analyst.example"])
    assert cors.get("/health", headers=origin).headers["access-control-allow-origin"] == "https://analyst.example"
    other = cors.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_an_entity_given_by_name_is_not_confused_with_a_fuzzy_match(client):
    assert_problem(client.get("/entities/Zarf"), 404, "GET /entities?q=")
    assert client.get(f"/entities/{ZARIF.id}").status_code == 200
