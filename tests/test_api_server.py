"""The API behind a real uvicorn on 127.0.0.1, spoken to over HTTP."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from geokg.api.app import create_app
from geokg.api.settings import Settings
from tests.test_api_queries import TILLERSON, ZARIF, fixture_graphs, open_embedded

KEY = "server-key"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    """A uvicorn server on a free port of 127.0.0.1 over the fixture graphs; stopped after the module."""
    data_dir = tmp_path_factory.mktemp("api-server")
    store = open_embedded(data_dir)
    store.upsert_articles(fixture_graphs())
    app = create_app(Settings(data_dir=data_dir, api_key=KEY, max_post_bytes=2000), store=store)
    with running(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")) as (host, port):
        yield f"http://{host}:{port}"
    store.close()


@contextmanager
def running(config: uvicorn.Config):
    """A uvicorn server on the config's (free) port, in a thread; yields (host, port), stopped after."""
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    yield server.servers[0].sockets[0].getsockname()[:2]
    server.should_exit = True
    thread.join(10)


def test_search_then_relations_over_http(base_url):
    with httpx.Client(base_url=base_url, timeout=10) as http:
        hits = http.get("/entities", params={"q": "Zarif"})
        assert hits.status_code == 200 and hits.headers["content-type"] == "application/json"
        zarif = hits.json()["items"][0]["entity"]["id"]
        assert zarif == ZARIF.id
        relations = http.get(f"/entities/{zarif}/relations").json()["items"]
        assert TILLERSON.id in {r["object"]["id"] for r in relations}
        assert http.get("/openapi.json").json()["info"]["title"] == "geokg"


def test_errors_over_http_are_problem_json(base_url):
    with httpx.Client(base_url=base_url, timeout=10) as http:
        r = http.get("/entities/person:nobody")
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
        assert "person:nobody" in r.json()["detail"]


def test_a_streamed_body_over_the_limit_is_cut_off_with_413(base_url):
    def body():  # chunked: the server cannot know the size in advance
        yield b'{"text": "'
        for _ in range(100):
            yield b"Iran and the US talked. "
        yield b'"}'

    with httpx.Client(base_url=base_url, timeout=10) as http:
        r = http.post("/articles", content=body(), headers={"X-API-Key": KEY, "Content-Type": "application/json"})
        assert r.status_code == 413 and "2000 bytes" in r.json()["detail"]
        assert http.get("/health").status_code == 200  # the server is fine afterwards
