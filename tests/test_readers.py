"""Reading article files: formats, metadata sidecars, stable ids and content hashes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geokg.graph.errors import InvalidInput
from geokg.ingest.readers import Failure, RawArticle, content_hash, make_raw, read_file, read_paths
from tests.conftest import SEED_ARTICLE


def test_seed_article_reads_with_its_sidecar_metadata():
    raw = read_file(SEED_ARTICLE)
    assert raw.name == "iran-missile-talks"
    assert raw.article.published == date(2017, 10, 5)
    assert "missile" in raw.article.title.lower()
    assert raw.text.startswith("Iran has suggested to six world powers")


def test_ids_are_stable_and_hashes_ignore_reflowing(tmp_path: Path):
    a = tmp_path / "a.txt"
    a.write_text("Iran and Iraq signed a deal.\nThe talks went well.")
    first = read_file(a).article
    a.write_text("Iran and Iraq   signed a deal.\r\nThe talks\nwent well.\n")
    again = read_file(a).article
    assert first.id == again.id
    assert first.content_hash == again.content_hash
    a.write_text("Iran and Iraq cancelled a deal.")
    assert read_file(a).article.content_hash != first.content_hash


def test_same_url_gives_same_id_wherever_the_text_comes_from(tmp_path: Path):
    one = make_raw("Text one.", name="x", meta={"url": "https://news.example/a"})
    two = make_raw("Text two.", name="y", meta={"url": "https://news.example/a"})
    assert one.article.id.split("-")[-1] == two.article.id.split("-")[-1]


def test_html_files_are_reduced_to_their_article_text(tmp_path: Path):
    page = tmp_path / "page.html"
    body = " ".join(["Russia and China held talks in Beijing on trade and security."] * 5)
    page.write_text(f"<html><head><title>Talks in Beijing</title><script>var x=1;</script></head>"
                    f"<body><nav>Home | World</nav><article><h1>Talks in Beijing</h1><p>{body}</p>"
                    f"</article></body></html>")
    raw = read_file(page)
    assert "Russia and China held talks" in raw.text
    assert "var x" not in raw.text
    assert raw.article.title == "Talks in Beijing"


def test_a_bad_sidecar_date_names_the_file(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Some news.")
    (tmp_path / "a.meta.toml").write_text('date = "last week"\n')
    with pytest.raises(InvalidInput, match=r"a\.txt.*YYYY-MM-DD"):
        read_file(tmp_path / "a.txt")


def test_folders_are_walked_and_sidecars_are_not_articles(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "one.txt").write_text("One.")
    (tmp_path / "one.meta.toml").write_text('title = "First"\n')
    (tmp_path / "sub" / "two.md").write_text("# Two\n\nTwo.")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    items = list(read_paths([tmp_path]))
    assert all(isinstance(i, RawArticle) for i in items)
    assert sorted(i.name for i in items) == ["one", "two"]
    assert next(i for i in items if i.name == "one").article.title == "First"


def test_unreadable_inputs_become_failures_not_exceptions(tmp_path: Path):
    items = list(read_paths([tmp_path / "missing.txt"]))
    assert isinstance(items[0], Failure) and "missing.txt" in items[0].reason


def test_content_hash_is_whitespace_insensitive():
    assert content_hash("a  b\nc") == content_hash("a b c")
