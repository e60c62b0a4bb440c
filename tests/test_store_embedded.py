"""The embedded store on disk: persistence, other processes' writes, damaged and foreign files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from geokg.graph.embedded import EmbeddedStore
from geokg.graph.errors import StoreError

from tests.conftest import ROOT
from tests.store_samples import meeting, sanctions, synthetic

READER = """
import sys
from pathlib import Path
from geokg.graph.embedded import EmbeddedStore
store = EmbeddedStore(Path(sys.argv[1]))
for line in sys.stdin:
    c = store.counts()
    print(c.articles, c.evidence, flush=True)
"""
WRITER = """
import sys
from pathlib import Path
from geokg.graph.embedded import EmbeddedStore
from tests.store_samples import synthetic
s = EmbeddedStore(Path(sys.argv[1]))
for i in range(int(sys.argv[2]), int(sys.argv[2]) + 100, 4):
    s.upsert_articles([synthetic(j) for j in range(i, i + 4)])
"""


def test_a_reopened_store_holds_what_was_written(data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting(), sanctions()])
        s.delete_article("zarif-meets-tillerson")
        before = s.counts()
    with EmbeddedStore(data_dir) as s:
        assert s.counts() == before
        assert s.article_graph("us-sanctions-iran") == sanctions()


def test_unchanged_articles_are_not_written_only_seen_again(data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting()])
        stamp, changes = s.counts().last_ingest, s.conn.total_changes
        assert [r.status for r in s.upsert_articles([meeting()])] == ["unchanged"]
        assert s.conn.total_changes == changes + 1  # its location's last-seen time, no graph row
        assert s.counts().last_ingest == stamp


def test_a_reader_process_sees_new_articles_without_restart(data_dir: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    reader = subprocess.Popen([sys.executable, "-c", READER, str(data_dir)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)

    def ask() -> tuple[int, int]:
        reader.stdin.write("?\n")
        reader.stdin.flush()
        return tuple(int(x) for x in reader.stdout.readline().split())

    try:
        assert ask() == (0, 0)
        with EmbeddedStore(data_dir) as writer:
            writer.upsert_articles([synthetic(i) for i in range(10)])
            assert ask() == (10, 50)
            writer.delete_article(synthetic(3).article.id)
            assert ask() == (9, 45)
            writer.upsert_articles([synthetic(i) for i in range(10, 15)])
            assert ask() == (14, 70)
    finally:
        reader.stdin.close()
        reader.wait(timeout=10)


def test_two_writer_processes_interleave_without_losing_articles(data_dir: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), str(start)], env=env)
             for start in (0, 100)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    with EmbeddedStore(data_dir) as s:
        assert s.counts().articles == 200
        assert s.article_graph(synthetic(150).article.id) == synthetic(150)


def damage_a_page(db: Path, page: int) -> bytes:
    """Overwrite one page in the middle of the database with junk, as a bad disk block would; the old bytes."""
    size = sqlite3.connect(db).execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db.read_bytes())
    old = bytes(data[page * size:(page + 1) * size])
    data[page * size:(page + 1) * size] = bytes((i * 37 + 11) % 256 for i in range(size))
    db.write_bytes(bytes(data))
    return old


def test_a_damaged_page_is_an_error_naming_the_file_and_nothing_is_changed(data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([synthetic(i) for i in range(40)])
    db = data_dir / "store.db"
    pages = db.stat().st_size // 4096
    damage_a_page(db, pages // 2)
    damaged = db.read_bytes()
    with pytest.raises(StoreError, match="store.db") as err:
        EmbeddedStore(data_dir)
    assert "damaged" in str(err.value) and "geokg check" in str(err.value)
    assert db.read_bytes() == damaged  # nothing repaired, dropped or overwritten behind the user's back


@pytest.mark.parametrize(("content", "message"), [
    (b"name,age\nzarif,64\n" * 300, "damaged or not a geokg store"),
    (b"GEOK", "damaged or not a geokg store"),
])
def test_a_foreign_file_is_named_and_left_alone(data_dir: Path, content: bytes, message: str):
    db = data_dir / "store.db"
    db.write_bytes(content)
    with pytest.raises(StoreError, match=message) as err:
        EmbeddedStore(data_dir)
    assert str(db) in str(err.value)
    assert db.read_bytes() == content


def test_another_programs_database_is_refused_not_converted(data_dir: Path):
    db = data_dir / "store.db"
    other = sqlite3.connect(db)
    other.execute("CREATE TABLE people (name TEXT)")
    other.commit()
    other.close()
    with pytest.raises(StoreError, match="not a geokg store; refusing"):
        EmbeddedStore(data_dir)
    tables = sqlite3.connect(db).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("people",)]


def test_a_read_only_open_of_a_folder_without_a_store_creates_nothing(tmp_path: Path):
    missing = tmp_path / "typo"
    with pytest.raises(StoreError, match="no store here"):
        EmbeddedStore(missing, create=False)
    assert not missing.exists()
