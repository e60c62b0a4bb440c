"""Converting older stores on open, once: a data folder in the old format (pickle snapshot + log) to the
SQLite store, and a database of an older format (schema.VERSION) to this one.

The old files are read whole first (a damaged one stops the conversion and changes nothing), written into a
new database beside them, and the result is compared with what was read (articles, entities, relations and
evidence counted independently). Only then does the database take its name and the old files go.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from geokg.graph import legacy
from geokg.graph.embedded import reads, schema
from geokg.graph.embedded.writes import Batch
from geokg.graph.errors import StoreError
from geokg.graph.model import ArticleGraph

log = logging.getLogger(__name__)
CHUNK = 500
# The statements that bring a database of each older format to the next one (schema.py holds the formats).
UPGRADES = {
    1: schema.statements(schema.FORMAT_2_ARTICLES + schema.FORMAT_2 + schema.FORMAT_1_LOCATIONS),
    2: schema.statements(schema.FORMAT_3 + schema.FORMAT_2_TO_3),
    3: schema.statements(schema.FORMAT_4 + schema.FORMAT_3_TO_4),
}


def _links_verified(conn: sqlite3.Connection) -> None:
    """StoreError unless every entity got a number and the links are the relations' pairs, counted on their own:
    every (subject, object) pair and its reverse, a pair that is there both ways (or a self-relation) once."""
    entities, nodes = conn.execute("SELECT (SELECT count(*) FROM entities), (SELECT count(*) FROM nodes)").fetchone()
    pairs, both_ways = conn.execute(
        "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM relations r WHERE r.subject = p.object "
        "AND r.object = p.subject)), 0) FROM (SELECT DISTINCT subject, object FROM relations) p").fetchone()
    links = conn.execute("SELECT count(*) FROM links").fetchone()[0]
    if nodes != entities or links != 2 * pairs - both_ways:
        raise StoreError(f"converting the store to format 4 gave {nodes} numbered entities of {entities} and "
                         f"{links} links for {pairs} pairs ({both_ways} of them both ways); nothing was changed")


VERIFY = {3: _links_verified}  # run after the statements, in the same transaction: a failure undoes the step


def upgrade(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the database at path to this format, one format per transaction, with a message for each (another
    process may be converting it too: each step is taken once). A step whose result VERIFY finds wrong is rolled
    back, leaving the store as it was."""
    try:
        while (found := _version(conn)) < schema.VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if _version(conn) == found:
                    for statement in UPGRADES[found]:
                        conn.execute(statement)
                    if found in VERIFY:
                        VERIFY[found](conn)
                    conn.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(found + 1),))
                conn.execute("COMMIT")
            except BaseException:
                conn.rollback()
                raise
            log.warning("%s: converted the store from format %d to %d", path, found, found + 1)
    except sqlite3.DatabaseError as e:
        raise schema.sqlite_error(path, e) from None


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])


def convert_if_old(data_dir: Path) -> None:
    """Convert the folder's old-format store into store.db, unless there is none or it was converted."""
    db = data_dir / schema.DB
    if db.exists() or not legacy.present(data_dir):
        return
    with _old_store_locked(data_dir):
        if db.exists():  # another process converted it while we waited
            return
        graphs, stamp = legacy.read(data_dir)
        tmp = db.with_name(db.name + ".converting")
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)  # from a conversion that was interrupted
        _write(tmp, graphs, stamp)
        os.replace(tmp, db)
        for name in (legacy.SNAPSHOT, legacy.LOG):
            (data_dir / name).unlink(missing_ok=True)
    (data_dir / "store.lock").unlink(missing_ok=True)
    log.warning("%s: converted the old store (%d articles) to %s; the old files were removed after the "
                "counts matched", data_dir, len(graphs), db.name)


@contextmanager
def _old_store_locked(data_dir: Path) -> Iterator[None]:
    """The old store's writer lock, so neither an old geokg nor a second converter writes meanwhile."""
    import fcntl  # the old format only ever existed where fcntl does

    fd = os.open(data_dir / "store.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _write(path: Path, graphs: list[ArticleGraph], stamp: str | None) -> None:
    """The graphs stored in a new database at path, checked against what was read; StoreError if they differ."""
    conn = schema.connect(path, create=True)
    try:
        for start in range(0, len(graphs), CHUNK):
            conn.execute("BEGIN IMMEDIATE")
            batch = Batch(conn)
            for g in graphs[start:start + CHUNK]:
                batch.upsert(g)
            batch.finish()
            conn.execute("COMMIT")
        if stamp:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('last_ingest', ?)", (stamp,))
        got = reads.counts(conn)
    finally:
        conn.close()
    expected = (len(graphs), len({e.id for g in graphs for e in g.entities}),
                len({r.id for g in graphs for r in g.relations}), sum(len(g.relations) for g in graphs))
    if (got.articles, got.entities, got.relations, got.evidence) != expected:
        raise StoreError(f"{path.parent}: converting the old store gave (articles, entities, relations, evidence) "
                         f"{(got.articles, got.entities, got.relations, got.evidence)}, expected {expected}; "
                         f"the old files are untouched and {path.name} is left for inspection")
