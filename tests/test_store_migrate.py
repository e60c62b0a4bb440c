"""A data folder in the old format (pickle snapshot + checksummed log) is converted to SQLite once, losing nothing;
a database of an older format is brought to this one."""

from __future__ import annotations

import logging
import pickle
import sqlite3
import struct
import zlib
from pathlib import Path

import pytest

from geokg.graph.embedded import EmbeddedStore, migrate
from geokg.graph.errors import StoreError
from geokg.graph.model import ArticleGraph
from tests.store_samples import BACK_TO_FORMAT_2, BACK_TO_FORMAT_3, meeting, sanctions, sectored_meeting, synthetic

HEADER = struct.Struct("<8sHQ")


def encoded(g: ArticleGraph, sectors: bool = False) -> tuple:
    """An article graph as the old store pickled it (dates as ordinals, events as tuples; sectors only in the
    records of its last version)."""
    a = g.article
    day = (lambda d: d.toordinal() if d else None)  # noqa: E731
    article = (a.id, a.title, a.url, a.source, day(a.published), a.content_hash, a.path, a.language)
    entities = tuple((e.id, e.name, e.type, e.aliases, e.iso, e.roles, e.affiliations) for e in g.entities)
    mentions = tuple((m.entity_id, m.text, m.sentence, m.start, m.end, *((m.sector,) if sectors else ()))
                     for m in g.mentions)
    relations = tuple((r.subject, r.predicate, r.object, r.article_id, r.sentence, r.start, r.end, r.text, r.theme,
                       r.preposition, r.verb_phrase,
                       (r.event.cameo, r.event.plover, r.event.goldstein, r.event.quad_class, r.event.label)
                       if r.event else None, r.negated, r.hypothetical, r.reported, r.attributed_to, r.confidence,
                       day(r.date), *((r.subject_sector, r.object_sector) if sectors else ()))
                  for r in g.relations)
    return article, entities, mentions, relations, g.sentences, g.skipped


def old_file(path: Path, magic: bytes, generation: int, records: list[tuple]) -> None:
    blob = bytearray(HEADER.pack(magic, 1, generation))
    for record in records:
        payload = pickle.dumps(record, protocol=5)
        blob += struct.pack("<II", len(payload), zlib.crc32(payload)) + payload
    path.write_bytes(bytes(blob))


@pytest.fixture
def old_store(data_dir: Path) -> list[ArticleGraph]:
    """A snapshot of 30 articles and a log that updates one, deletes one and adds two; the live articles."""
    first = [synthetic(i) for i in range(30)]
    old_file(data_dir / "store.snapshot", b"GEOKGSNP", 1, [("u", None, encoded(g)) for g in first]
             + [("t", "2026-01-02T03:04:05+00:00")])
    changed = synthetic(4, per_article=7)
    day = "2026-01-03T00:00:0"
    old_file(data_dir / "store.wal", b"GEOKGLOG", 1, [
        ("u", day + "0+00:00", encoded(changed)), ("d", day + "1+00:00", first[9].article.id),
        ("u", day + "2+00:00", encoded(sectored_meeting(), sectors=True)),
        ("u", day + "3+00:00", encoded(sanctions(), sectors=True))])
    (data_dir / "store.lock").touch()
    return [g for g in first if g.article.id not in (changed.article.id, first[9].article.id)] + [
        changed, sectored_meeting(), sanctions()]


def test_an_old_store_is_converted_once_with_a_message(data_dir: Path, old_store, caplog):
    with caplog.at_level(logging.WARNING), EmbeddedStore(data_dir) as s:
        assert s.counts().articles == len(old_store) == 31
        assert s.counts().evidence == sum(len(g.relations) for g in old_store)
        for g in old_store:
            assert s.article_graph(g.article.id) == g
        assert s.counts().last_ingest == "2026-01-03T00:00:03+00:00"
    assert "converted the old store (31 articles)" in caplog.text
    assert sorted(p.name for p in data_dir.iterdir() if not p.name.startswith("store.db-")) == ["store.db"]
    caplog.clear()
    with caplog.at_level(logging.WARNING), EmbeddedStore(data_dir) as s:
        assert s.counts().articles == 31
    assert "converted" not in caplog.text


def test_a_flipped_byte_in_the_old_log_stops_the_conversion_and_changes_nothing(data_dir: Path, old_store):
    log = data_dir / "store.wal"
    data = bytearray(log.read_bytes())
    data[HEADER.size + 40] ^= 0x01  # inside the first record, with three more after it
    log.write_bytes(bytes(data))
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    with pytest.raises(StoreError, match="store.wal: damaged at byte 18; nothing was converted"):
        EmbeddedStore(data_dir)
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before  # no store.db, old files as they were


def test_a_torn_last_record_of_the_old_log_is_a_write_that_never_finished(data_dir: Path, old_store):
    log = data_dir / "store.wal"
    log.write_bytes(log.read_bytes()[:-9])  # the last upsert cut short by a crash: it was never stored
    with EmbeddedStore(data_dir) as s:
        assert s.counts().articles == 30
        assert {a.id for a in s.list_articles(limit=100).items} == {g.article.id for g in old_store[:-1]}


def test_a_store_of_the_second_format_is_converted_once_keeping_its_counts(data_dir: Path, caplog):
    graphs = [synthetic(i) for i in range(12)]
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles(graphs)
        s.delete_article(graphs[3].article.id)
        counts = s.counts()
        pages = [s.relations_of(e.id) for e in graphs[0].entities]
    db = sqlite3.connect(data_dir / "store.db")  # back to format 2: entities and articles counted at each open
    db.executescript(BACK_TO_FORMAT_2)
    db.close()
    with caplog.at_level(logging.WARNING), EmbeddedStore(data_dir, create=False) as s:
        assert s.counts() == counts and counts.articles == 11
        assert [s.relations_of(e.id) for e in graphs[0].entities] == pages
        assert s.check() == []
        s.upsert_articles([meeting()])  # the counts follow the writes
        s.delete_article(graphs[4].article.id)
        assert s.counts().articles == 11 and s.counts().entities_by_type != counts.entities_by_type
        assert s.check() == []
    assert "converted the store from format 2 to 3" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING), EmbeddedStore(data_dir, create=False) as s:
        assert s.counts().articles == 11
    assert "converted" not in caplog.text


def _format_3_store(data_dir: Path) -> tuple[list, dict]:
    """A store of 40 synthetic articles (one deleted) taken back to format 3; its graphs and its paths and
    neighbourhoods before."""
    graphs = [synthetic(i) for i in range(40)]
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles(graphs)
        s.delete_article(graphs[5].article.id)
        ids = sorted({e.id for g in graphs for e in g.entities})
        before = {"paths": [s.shortest_paths(a, b, max_hops=3) for a in ids[:8] for b in ids[-8:]],
                  "around": [s.neighbourhood(a, hops=2, limit=20) for a in ids[:8]], "counts": s.counts()}
    db = sqlite3.connect(data_dir / "store.db")
    db.executescript(BACK_TO_FORMAT_3)
    db.close()
    return graphs, before


def test_a_store_of_the_third_format_gets_its_links_once_with_the_same_answers(data_dir: Path, caplog):
    graphs, before = _format_3_store(data_dir)
    assert sum(len(p) > 0 for p in before["paths"]) > 40  # most pairs are joined within 3 hops
    ids = sorted({e.id for g in graphs for e in g.entities})
    with caplog.at_level(logging.WARNING), EmbeddedStore(data_dir, create=False) as s:
        assert [s.shortest_paths(a, b, max_hops=3) for a in ids[:8] for b in ids[-8:]] == before["paths"]
        assert [s.neighbourhood(a, hops=2, limit=20) for a in ids[:8]] == before["around"]
        assert s.counts() == before["counts"] and s.check() == []
        s.upsert_articles([meeting(), synthetic(5, per_article=2)])  # the links follow the writes
        s.delete_article(graphs[6].article.id)
        assert s.check() == []
    assert "converted the store from format 3 to 4" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING), EmbeddedStore(data_dir, create=False) as s:
        assert s.check() == []
    assert "converted" not in caplog.text


def test_links_that_do_not_match_the_relations_stop_the_conversion_and_change_nothing(data_dir: Path, monkeypatch):
    _format_3_store(data_dir)
    one_way = [st for st in migrate.UPGRADES[3] if "relations_in" not in st]  # the reverse links left out
    monkeypatch.setitem(migrate.UPGRADES, 3, one_way)
    with pytest.raises(StoreError, match="converting the store to format 4 gave .* links for"):
        EmbeddedStore(data_dir, create=False)
    db = sqlite3.connect(data_dir / "store.db")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() == ("3",)
    assert not tables & {"nodes", "links", "relation_linked"}
    db.close()
    monkeypatch.undo()
    with EmbeddedStore(data_dir, create=False) as s:
        assert s.check() == []
