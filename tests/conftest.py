"""Shared fixtures: the real spaCy pipeline loaded once, the seed articles, fresh data folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def skip_or_fail(reason: str) -> None:
    """Skip a test whose outside requirement is missing; under CI=true that is a failure, not a skip."""
    if IN_CI:
        pytest.fail(f"CI must run this test, but {reason}")
    pytest.skip(reason)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "iran-missile-talks.txt"
GEOKG = [sys.executable, "-m", "geokg"]


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline with geokg's gazetteer, loaded once per test session."""
    from geokg.ingest.nlp import load_pipeline

    return load_pipeline(os.environ.get("KG_SPACY_MODEL", "en_core_web_sm"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder for one test."""
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def cli_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for running geokg against the test's data folder (in-process and in subprocesses)."""
    for key in list(os.environ):
        if key.startswith("KG_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("KG_DATA_DIR", str(data_dir))
    monkeypatch.chdir(data_dir.parent)  # no stray .env from the checkout
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 serving the feeds and pages a test puts on it; stopped after."""
    from tests.sources_server import start_site

    site, server = start_site()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium (installed by scripts/test-deps.sh), for Playwright's executable_path."""
    import shutil

    path = os.environ.get("KG_TEST_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        skip_or_fail("chromium is not installed (scripts/test-deps.sh installs it with apt as root)")
    return path


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory):
    """One real Neo4j for the whole session (tests/neo4j_server.py), stopped by its pid at the end."""
    from tests import neo4j_server as server

    try:
        running = server.start(tmp_path_factory.mktemp("neo4j"))
    except server.Unavailable as e:
        skip_or_fail(str(e))
    yield running
    running.stop()


@pytest.fixture
def neo4j_store(neo4j_server):
    """The Neo4j store on the session's server, emptied for this test."""
    from geokg.graph.open import open_store

    s = open_store("neo4j", neo4j_uri=neo4j_server.uri, neo4j_user=neo4j_server.user,
                   neo4j_password=neo4j_server.password, batch_size=3)
    s.clear()
    yield s
    s.close()
