"""Hostile requests to the API and hostile text in the store: no server paths, 401 first, dates, exports."""

from __future__ import annotations

import socket
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import httpx
import networkx as nx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from geokg.api.app import create_app
from geokg.api.jobs import INTERRUPTED
from geokg.api.cli import main
from geokg.api.settings import Settings
from geokg.graph.embedded import EmbeddedStore
from tests.conftest import GEOKG
from tests.store_samples import meeting
from tests.test_api_queries import ZARIF, fixture_graphs, open_embedded

KEY = "hostile-key"


@pytest.fixture
def client(tmp_path, nlp) -> TestClient:
    store = open_embedded(tmp_path / "data")
    store.upsert_articles(fixture_graphs())
    yield TestClient(create_app(Settings(data_dir=tmp_path / "data", api_key=KEY), store=store, nlp=nlp))
    store.close()


@pytest.mark.parametrize("body", [b"{not json", b'{"text": 5}', b"[]"])
def test_a_write_without_the_key_is_401_before_its_body_is_looked_at(client, body):
    r = client.post("/articles", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 401, r.text
    wrong = client.post("/articles", content=body, headers={"Content-Type": "application/json", "X-API-Key": "x"})
    assert wrong.status_code == 401
    keyed = client.post("/articles", content=body, headers={"Content-Type": "application/json", "X-API-Key": KEY})
    assert keyed.status_code == 422


@pytest.mark.parametrize("value", ["0", "1700000000", "2024-1-5"])
def test_until_and_since_must_be_days_not_unix_times(client, value):
    for name in ("until", "since"):
        r = client.get(f"/entities/{ZARIF.id}/relations", params={name: value})
        assert r.status_code == 422, r.text
        assert "YYYY-MM-DD" in r.json()["detail"]
    assert client.get(f"/entities/{ZARIF.id}/relations", params={"until": "2030-01-01"}).status_code == 200


def test_errors_never_carry_an_absolute_server_path(tmp_path, nlp):
    data = tmp_path / "secret-place" / "data"
    data.mkdir(parents=True)
    (data / "sources.toml").write_text("[[source]\nbroken")
    store = open_embedded(data)
    try:
        r = TestClient(create_app(Settings(data_dir=data), store=store, nlp=nlp)).get("/sources")
    finally:
        store.close()
    assert r.status_code >= 500
    assert "secret-place" not in r.text and str(tmp_path) not in r.text
    assert "sources.toml" in r.json()["detail"]


def test_graphml_export_of_text_with_control_characters_parses(data_dir: Path, tmp_path: Path):
    g = meeting()
    ent = replace(g.entities[0], name="Zarif\x00\x07\x1b[0m")
    g = replace(g, entities=(ent, *g.entities[1:]), article=replace(g.article, title="T\x00itle"))
    with EmbeddedStore(data_dir) as store:
        store.upsert_articles([g])
    out = tmp_path / "g.graphml"
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "export", "--format", "graphml", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    parsed = nx.read_graphml(out)
    assert "Zarif[0m" in {d["label"] for _, d in parsed.nodes(data=True)}


def test_a_long_post_answers_202_and_is_ingested_in_the_background(tmp_path, nlp):
    store = open_embedded(tmp_path / "data")
    settings = Settings(data_dir=tmp_path / "data", api_key=KEY, background_post_chars=200)
    long_text = "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Monday. " * 4
    with TestClient(create_app(settings, store=store, nlp=nlp)) as client:
        r = client.post("/articles", json={"text": long_text, "url": "https://x.test/long"}, headers={"X-API-Key": KEY})
        assert r.status_code == 202, r.text
        assert r.headers["location"] == r.json()["status_url"]
        short = client.post("/articles", json={"text": "Russia criticised NATO on Monday."}, headers={"X-API-Key": KEY})
        assert short.status_code == 201  # the short post is not held behind the long one
        deadline = time.monotonic() + 120
        while (job := client.get(r.headers["location"]).json())["status"] in ("queued", "running"):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert job["status"] == "done", job
        assert client.get(f"/articles/{job['result']['article_id']}").status_code == 200
        assert client.get("/articles/jobs/nope").status_code == 404
    store.close()


def test_background_jobs_answer_after_a_restart_and_an_unfinished_one_is_failed(tmp_path, nlp):
    store = open_embedded(tmp_path / "data")
    settings = Settings(data_dir=tmp_path / "data", api_key=KEY, background_post_chars=200)
    sentence = "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Monday. "
    with TestClient(create_app(settings, store=store, nlp=nlp)) as client:
        urls = [client.post("/articles", json={"text": sentence * n, "url": f"https://x.test/{n}"},
                            headers={"X-API-Key": KEY}).headers["location"] for n in (300, 4)]
        assert client.get(urls[1]).json()["status"] == "queued"  # behind the long one
    # stopping finished the running job and dropped the queued one; a new server reads what the old one left
    with TestClient(create_app(settings, store=store, nlp=nlp)) as client:
        done, dropped = (client.get(url).json() for url in urls)
        assert done["status"] == "done", done
        assert client.get(f"/articles/{done['result']['article_id']}").status_code == 200
    assert dropped["status"] == "failed"
    assert dropped["error"] == "interrupted: the server stopped while the job was queued; post the text again"
    store.close()


def test_a_job_running_when_the_server_is_killed_is_failed_after_the_restart(cli_env):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base, env = f"http://127.0.0.1:{port}", {**cli_env, "KG_API_KEY": KEY, "KG_BACKGROUND_POST_CHARS": "200"}
    EmbeddedStore(Path(env["KG_DATA_DIR"])).close()  # serve reads a store, it does not create one
    server = serve(env, port, base)
    try:
        text = "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Monday. " * 600
        url = base + httpx.post(f"{base}/articles", json={"text": text}, headers={"X-API-Key": KEY}).headers["location"]
        until(lambda: httpx.get(url).json()["status"] == "running")
    finally:
        server.kill()  # as kill -9 would: no shutdown runs
        server.wait()
    server = serve(env, port, base)
    try:
        job = httpx.get(url).json()
    finally:
        server.terminate()
        server.wait()
    assert (job["status"], job["error"]) == ("failed", INTERRUPTED.format(status="running"))


def serve(env: dict, port: int, base: str) -> subprocess.Popen:
    """`geokg serve` on the port, once it answers."""
    proc = subprocess.Popen([*GEOKG, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    until(lambda: proc.poll() is None and httpx.get(f"{base}/health").status_code == 200, errors=httpx.HTTPError)
    return proc


def until(ready, seconds: float = 60, errors: type[Exception] | tuple = ()) -> None:
    """Wait until ready() is true (errors it raises meanwhile count as not yet)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except errors:
            pass
        time.sleep(0.1)
    raise AssertionError(f"not ready within {seconds} s")


def test_one_url_and_text_posted_under_three_titles_is_one_article(client):
    text = "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Monday."
    before = client.get("/articles").json()["total"]
    ids = {client.post("/articles", json={"text": text, "url": "https://x.test/a", "title": t},
                       headers={"X-API-Key": KEY}).json()["article_id"] for t in ("One", "Two", "Three")}
    assert len(ids) == 1
    assert client.get("/articles").json()["total"] == before + 1
