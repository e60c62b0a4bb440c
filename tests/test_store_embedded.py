"""The embedded store on disk: persistence, other processes' writes, torn tails, foreign files, compaction."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from geokg.graph.embedded import EmbeddedStore, wal
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


def test_a_reopened_store_holds_what_was_written(data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting(), sanctions()])
        s.delete_article("zarif-meets-tillerson")
        before = s.counts()
    with EmbeddedStore(data_dir) as s:
        assert s.counts() == before
        assert s.article_graph("us-sanctions-iran") == sanctions()


def test_unchanged_articles_are_not_written(data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting()])
        size = (data_dir / "store.wal").stat().st_size
        assert [r.status for r in s.upsert_articles([meeting()])] == ["unchanged"]
        assert (data_dir / "store.wal").stat().st_size == size


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
            writer.compact()  # the reader must notice the new log and reload
            assert ask() == (9, 45)
            writer.upsert_articles([synthetic(i) for i in range(10, 15)])
            assert ask() == (14, 70)
    finally:
        reader.stdin.close()
        reader.wait(timeout=10)


def test_two_writer_processes_interleave_without_losing_articles(data_dir: Path):
    code = ("import sys; from pathlib import Path; from graph.embedded import EmbeddedStore; "
            "from tests.store_samples import synthetic\n"
            "s = EmbeddedStore(Path(sys.argv[1]))\n"
            "for i in range(int(sys.argv[2]), int(sys.argv[2]) + 100, 4): s.upsert_articles("
            "[synthetic(j) for j in range(i, i + 4)])\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", code, str(data_dir), str(start)], env=env)
             for start in (0, 100)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    with EmbeddedStore(data_dir) as s:
        assert s.counts().articles == 200
        assert s.article_graph(synthetic(150).article.id) == synthetic(150)


def test_a_torn_tail_is_ignored_then_set_aside_by_the_next_writer(data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting()])
        s.upsert_articles([sanctions()])
    log = data_dir / "store.wal"
    whole = log.read_bytes()
    log.write_bytes(whole[:-7])  # the last record cut short, as by a crash mid-write
    with EmbeddedStore(data_dir) as s:
        assert [a.id for a in s.list_articles().items] == ["zarif-meets-tillerson"]
        s.upsert_articles([synthetic(1)])
    aside = list(data_dir.glob("store.wal.torn-*"))
    assert len(aside) == 1 and whole[:-7].endswith(aside[0].read_bytes())
    with EmbeddedStore(data_dir) as s:
        assert s.counts().articles == 2


@pytest.mark.parametrize(("name", "content", "message"), [
    ("store.wal", b"name,age\nzarif,64\n", "not a geokg store file"),
    ("store.snapshot", b"\x00" * 40, "not a geokg store file"),
    ("store.wal", b"GEOK", "only 4 bytes"),
    ("store.wal", wal.header(b"GEOKGLOG", 7), "generation 7 is newer"),
])
def test_a_foreign_or_corrupt_file_is_named_and_left_alone(data_dir: Path, name: str, content: bytes, message: str):
    (data_dir / name).write_bytes(content)
    with pytest.raises(StoreError, match=message) as err:
        EmbeddedStore(data_dir)
    assert name in str(err.value)
    assert (data_dir / name).read_bytes() == content


def test_a_record_holding_code_is_refused_not_run(data_dir: Path, tmp_path: Path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps(("u", None, Evil()))
    (data_dir / "store.wal").write_bytes(wal.header(wal.LOG_MAGIC, 0) + wal.frame(payload))
    with pytest.raises(StoreError, match="store.wal: unreadable record"):
        EmbeddedStore(data_dir)
    assert not marker.exists()


def test_a_damaged_snapshot_is_an_error_not_a_shorter_store(data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting(), sanctions()])
        s.compact()
    snap = data_dir / "store.snapshot"
    data = bytearray(snap.read_bytes())
    data[-3] ^= 0xFF
    snap.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="store.snapshot: damaged"):
        EmbeddedStore(data_dir)


def test_compaction_keeps_live_articles_and_drops_dead_records(data_dir: Path):
    with EmbeddedStore(data_dir, compact_min_bytes=20_000) as s:
        for round_ in range(6):
            s.upsert_articles([synthetic(i, per_article=5 + round_) for i in range(30)])
        expected = s.counts()
    assert (data_dir / "store.snapshot").exists()
    assert (data_dir / "store.wal").stat().st_size < 2 * (data_dir / "store.snapshot").stat().st_size
    with EmbeddedStore(data_dir) as s:
        assert s.counts() == expected
        assert s.article_graph(synthetic(7).article.id) == synthetic(7, per_article=10)


def test_crc_catches_a_flipped_byte_in_the_last_record(data_dir: Path):
    with EmbeddedStore(data_dir) as s:
        s.upsert_articles([meeting()])
        s.upsert_articles([sanctions()])
    log = data_dir / "store.wal"
    data = bytearray(log.read_bytes())
    data[-10] ^= 0x01
    log.write_bytes(bytes(data))
    assert zlib.crc32(bytes(data)) != 0  # sanity: the file did change
    with EmbeddedStore(data_dir) as s:
        assert s.counts().articles == 1


def test_the_fast_relation_id_is_the_model_one():
    from geokg.graph.embedded.state import fast_relation_id
    from geokg.graph.model import relation_id

    assert fast_relation_id("country:USA", "IMPOSE", "country:IRN") == relation_id("country:USA", "impose",
                                                                                   "country:IRN")


def test_a_writer_still_holds_the_lock_after_catching_up_with_a_new_log(data_dir: Path):
    import fcntl

    first = EmbeddedStore(data_dir)  # opened before any log exists
    with EmbeddedStore(data_dir) as other:
        other.upsert_articles([meeting()])  # creates the log: first must reload it inside its write
    held = []
    real_append = first._journal.append

    def append_checking_lock(records):
        fd = os.open(data_dir / "store.lock", os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held.append(False)
            fcntl.flock(fd, fcntl.LOCK_UN)
        except BlockingIOError:
            held.append(True)
        finally:
            os.close(fd)
        return real_append(records)

    first._journal.append = append_checking_lock
    first.upsert_articles([sanctions()])
    first.close()
    assert held == [True]
    with EmbeddedStore(data_dir) as s:
        assert s.counts().articles == 2
