"""The same text under another name, URL or source is one article listing every place it was found."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from geokg.api import cli as cli_module
from geokg.api.app import create_app
from geokg.api.cli import main
from geokg.api.settings import Settings
from geokg.graph.embedded import EmbeddedStore
from tests.conftest import SEED_ARTICLE

KEY = "analyst-key"
AUTH = {"X-API-Key": KEY}


def no_pipeline(settings):
    raise AssertionError("the NLP pipeline was loaded for a text the store already holds")


@pytest.mark.usefixtures("cli_env")
def test_a_file_copied_under_another_name_is_one_article_with_both_files_listed(nlp, tmp_path, data_dir,
                                                                                 monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder / "iran.txt")
    runner = CliRunner()
    monkeypatch.setattr(cli_module, "load_nlp", lambda settings: nlp)
    assert "1 created" in runner.invoke(main, ["ingest", str(folder)], catch_exceptions=False).output
    with EmbeddedStore(data_dir, create=False) as store:
        before = store.counts()
    shutil.copy(SEED_ARTICLE, folder / "iran-copy.txt")
    (folder / "iran-copy.meta.toml").write_text('title = "A copy with its own title"\nsource = "mirror"\n')
    monkeypatch.setattr(cli_module, "load_nlp", no_pipeline)  # the copy is recognised before spaCy
    result = runner.invoke(main, ["ingest", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 2 unchanged" in result.output and "same text: iran-copy-" in result.output
    with EmbeddedStore(data_dir, create=False) as store:
        after = store.counts()
        [article] = store.list_articles().items
    assert (after.articles, after.relations, after.evidence) == (1, before.relations, before.evidence)
    assert article.title != "A copy with its own title"  # the first file's metadata stays
    assert [(Path(x.where).name, x.source) for x in article.locations] == [("iran.txt", None),
                                                                           ("iran-copy.txt", "mirror")]


def test_post_of_the_same_text_at_two_urls_lists_both_in_the_article_view(nlp, tmp_path):
    store = EmbeddedStore(tmp_path / "data")
    client = TestClient(create_app(Settings(data_dir=tmp_path / "data", api_key=KEY), store=store, nlp=nlp))
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    first = client.post("/articles", json={"text": text, "url": "https://example.org/iran"}, headers=AUTH)
    assert first.status_code == 201, first.text
    evidence = client.get("/stats").json()["evidence"]
    again = client.post("/articles", json={"text": text, "url": "https://wire.example.net/iran", "source": "wire",
                                           "title": "Wire copy"}, headers=AUTH)
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "unchanged" and again.json()["article_id"] == first.json()["article_id"]
    assert client.get("/stats").json()["evidence"] == evidence
    view = client.get(f"/articles/{first.json()['article_id']}").json()["article"]
    assert [(x["where"], x["source"]) for x in view["locations"]] == [("https://example.org/iran", None),
                                                                      ("https://wire.example.net/iran", "wire")]
    assert client.get("/articles").json()["total"] == 1
    store.close()


def test_a_store_of_the_first_format_is_upgraded_with_a_location_per_article(tmp_path):
    from tests.store_samples import BACK_TO_FORMAT_2, meeting

    with EmbeddedStore(tmp_path / "data") as store:
        store.upsert_articles([meeting()])
    db = sqlite3.connect(tmp_path / "data" / "store.db")  # back to format 1: no text hashes, no locations
    db.executescript(BACK_TO_FORMAT_2 + "DROP TABLE locations;"
                     " DROP INDEX articles_by_text; ALTER TABLE articles DROP COLUMN text_hash;"
                     "UPDATE meta SET value = '1' WHERE key = 'version';")
    db.close()
    with EmbeddedStore(tmp_path / "data", create=False) as store:
        assert [x.where for x in store.get_article(meeting().article.id).locations] == [meeting().article.url]
        assert store.check() == []
