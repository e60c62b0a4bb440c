"""`geokg check [--repair]`: a damaged or inconsistent store is reported, and sources' state that claims articles
the store lacks is made to agree with it."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from geokg.graph.embedded import EmbeddedStore
from geokg.ingest.sources.state import ArticleState, SourceState
from tests.conftest import GEOKG
from tests.store_samples import meeting, sanctions, synthetic
from tests.test_store_embedded import damage_a_page


def geokg_check(cli_env: dict, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([*GEOKG, "check", *flags], env=cli_env, capture_output=True, text=True, timeout=120)


def test_a_sound_store_and_state_pass(cli_env, data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting(), sanctions()])
    stored = ArticleState("https://news.example/a", "feed", "created", meeting().article.id)
    SourceState(data_dir).record_articles([stored])
    run = geokg_check(cli_env)
    assert (run.returncode, run.stdout.strip()) == (0, "check: ok"), run.stderr


def test_derived_rows_that_disagree_with_the_articles_are_named(cli_env, data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting(), sanctions()])
        rid = s.relations_of("country:USA").items[0].id
    db = sqlite3.connect(data_dir / "store.db")
    db.execute("UPDATE relations SET evidence_count = 7 WHERE id = ?", (rid,))
    db.execute("UPDATE entities SET degree = 0 WHERE id = 'country:IRN'")
    db.execute("UPDATE totals SET n = n + 1 WHERE kind = 'entities' AND type = 'COUNTRY'")
    db.commit()
    db.close()
    run = geokg_check(cli_env)
    assert run.returncode == 1
    assert f"store: relation whose evidence count is wrong: '{rid}'" in run.stdout
    assert "store: entity whose degree is wrong: 'country:IRN'" in run.stdout
    assert "store: count of articles or of entities of a type that is wrong: 'entities COUNTRY'" in run.stdout


def test_a_damaged_page_is_named(cli_env, data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([synthetic(i) for i in range(40)])
    db = data_dir / "store.db"
    damage_a_page(db, db.stat().st_size // 4096 // 2)
    run = geokg_check(cli_env)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert f"{db}: damaged" in run.stderr + run.stdout


def test_repair_forgets_source_items_the_store_lacks_so_they_are_fetched_again(cli_env, data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting(), sanctions()])
        s.delete_article(sanctions().article.id)  # e.g. a store restored from an older backup
    state = SourceState(data_dir)
    state.start_run("feed", "rss", "https://news.example/feed")
    state.finish_run("feed", "ok", None, {"created": 2}, {"etag": '"v1"'})
    state.record_articles([ArticleState("https://news.example/a", "feed", "created", meeting().article.id),
                           ArticleState("https://news.example/b", "feed", "created", sanctions().article.id)])
    run = geokg_check(cli_env)
    assert run.returncode == 1 and "--repair" in run.stdout
    assert f"sources: feed: https://news.example/b (article {sanctions().article.id}): not in the store" in run.stdout
    run = geokg_check(cli_env, "--repair")
    assert run.returncode == 0 and run.stdout.strip().endswith("check: repaired")
    assert state.article("https://news.example/b") is None and state.article("https://news.example/a")
    assert state.source("feed").etag is None  # a conditional GET must not answer 304 for the forgotten item
    assert geokg_check(cli_env).stdout.strip() == "check: ok"


def test_check_on_a_folder_without_a_store_says_so(cli_env, tmp_path: Path):
    run = subprocess.run([*GEOKG, "--data-dir", str(tmp_path / "nowhere"), "check"], env=cli_env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "no store here" in run.stderr
    assert not (tmp_path / "nowhere").exists()


def test_a_flipped_byte_inside_a_sentence_is_found_and_the_article_named(cli_env, data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting(), sanctions()])
    db = data_dir / "store.db"
    data = bytearray(db.read_bytes())
    at = data.index(b"Zarif met Tillerson in New York.")  # text SQLite itself never checks
    data[at + 6] ^= 0x01  # "met" -> "let"
    db.write_bytes(bytes(data))
    with EmbeddedStore(data_dir) as s:  # the pages are sound: it opens, and the sentence reads back changed
        assert "Zarif let Tillerson" in s.article_graph(meeting().article.id).relations[0].text
    run = geokg_check(cli_env)
    assert run.returncode == 1
    assert "store: article whose stored rows changed since they were written (1): 'zarif-meets-tillerson'" in run.stdout
