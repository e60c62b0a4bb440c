"""Durable ingest state in the data folder (sqlite3): per source (last run, validators, counts, last error) and per
article (canonical URL or file, content hash, status, error), plus a lock file per source so runs never overlap."""

from __future__ import annotations

import fcntl
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from geokg.graph.errors import StoreError

STATE_FILE = "sources.sqlite3"
OK_STATUSES = ("created", "updated", "unchanged", "skipped", "duplicate")
SCHEMA = """
CREATE TABLE IF NOT EXISTS source_state (
    name TEXT PRIMARY KEY, kind TEXT, location TEXT, last_started TEXT, last_finished TEXT, last_status TEXT,
    last_error TEXT, etag TEXT, last_modified TEXT, cursor TEXT, runs INTEGER NOT NULL DEFAULT 0,
    failed_runs INTEGER NOT NULL DEFAULT 0, last_counts TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS article_state (
    key TEXT PRIMARY KEY, link TEXT, source TEXT, article_id TEXT, url TEXT, hash TEXT, stamp TEXT,
    status TEXT, error TEXT, first_seen TEXT, last_seen TEXT, etag TEXT, last_modified TEXT);
CREATE INDEX IF NOT EXISTS article_state_hash ON article_state (hash);
CREATE INDEX IF NOT EXISTS article_state_link ON article_state (link);
CREATE INDEX IF NOT EXISTS article_state_source ON article_state (source, status);
"""


def utcnow() -> str:
    """Now, as an ISO 8601 UTC timestamp to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class ArticleState:
    """What ingestion last did with one article (key: canonical URL, or file URI for local files)."""

    key: str
    source: str
    status: str  # created updated unchanged skipped duplicate failed
    article_id: str | None = None
    url: str | None = None
    hash: str | None = None
    stamp: str = ""  # feed entry id+updated, or file mtime+size: unchanged means no need to fetch or read
    link: str | None = None  # the URL the article was found at, when its canonical URL differs
    error: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    etag: str | None = None  # the page's validators, for a conditional GET when the feed cannot say it changed
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """A source's state: its last run, counts and last error."""

    name: str
    kind: str = ""
    location: str = ""
    last_started: str | None = None
    last_finished: str | None = None
    last_status: str | None = None  # ok, partial, not-modified, error, running
    last_error: str | None = None
    runs: int = 0
    failed_runs: int = 0
    last_counts: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    failed_articles: int = 0
    etag: str | None = None
    last_modified: str | None = None
    cursor: str | None = None


def upgrade(con: sqlite3.Connection) -> None:
    """Add the columns a state file from an earlier geokg lacks."""
    have = {row[1] for row in con.execute("PRAGMA table_info(article_state)")}
    for column in ("etag", "last_modified"):
        if column not in have:
            con.execute(f"ALTER TABLE article_state ADD COLUMN {column} TEXT")
    con.commit()


class SourceState:
    """The state database of one data folder; each call opens its own connection, so threads may share it."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / STATE_FILE
        self._local = threading.local()  # one connection per thread: sqlite3 connections stay in their thread

    def _connection(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=30)
            con.row_factory = sqlite3.Row
            # WAL lets the API read while the scheduler writes; NORMAL sync is crash-safe in WAL mode
            con.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + SCHEMA)
            upgrade(con)
            self._local.con = con
        return con

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, in one transaction committed on success."""
        try:
            con = self._connection()
            with con:
                yield con
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: ingest state database error ({e})") from None

    def article(self, key: str) -> ArticleState | None:
        """The state of the article with this key, or found at this link."""
        with self.connect() as con:
            row = con.execute("SELECT * FROM article_state WHERE key = ? OR link = ? ORDER BY key = ? DESC LIMIT 1",
                              (key, key, key)).fetchone()
        return ArticleState(**dict(row)) if row else None

    def hash_owner(self, content_hash: str, key: str) -> str | None:
        """Another article's key already ingested with exactly this text, if any."""
        marks = ",".join("?" * len(OK_STATUSES))
        with self.connect() as con:
            row = con.execute(f"SELECT key FROM article_state WHERE hash = ? AND key != ? AND status IN ({marks}) "
                              "AND status != 'duplicate' LIMIT 1", (content_hash, key, *OK_STATUSES)).fetchone()
        return row["key"] if row else None

    def record_articles(self, rows: list[ArticleState]) -> None:
        """Insert or update article states, keeping when each was first seen."""
        now = utcnow()
        with self.connect() as con:
            con.executemany(
                "INSERT INTO article_state (key, link, source, article_id, url, hash, stamp, status, error, "
                "first_seen, last_seen, etag, last_modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(key) DO UPDATE SET link=COALESCE(excluded.link, link), source=excluded.source, "
                "article_id=COALESCE(excluded.article_id, article_id), url=COALESCE(excluded.url, url), "
                "hash=COALESCE(excluded.hash, hash), stamp=excluded.stamp, status=excluded.status, "
                "error=excluded.error, last_seen=excluded.last_seen, etag=COALESCE(excluded.etag, etag), "
                "last_modified=COALESCE(excluded.last_modified, last_modified)",
                [(r.key, r.link, r.source, r.article_id, r.url, r.hash, r.stamp, r.status, r.error, now, now,
                  r.etag, r.last_modified) for r in rows])

    def start_run(self, name: str, kind: str, location: str) -> None:
        """Mark the source as running now."""
        with self.connect() as con:
            con.execute("INSERT INTO source_state (name, kind, location, last_started, last_status) "
                        "VALUES (?,?,?,?,'running') ON CONFLICT(name) DO UPDATE SET kind=excluded.kind, "
                        "location=excluded.location, last_started=excluded.last_started, last_status='running'",
                        (name, kind, location, utcnow()))

    def finish_run(self, name: str, status: str, error: str | None, counts: dict[str, int],
                   validators: dict[str, str | None] | None = None) -> None:
        """Record how the run ended; validators (etag, last_modified, cursor) are replaced only when given."""
        v = validators or {}
        with self.connect() as con:
            con.execute(
                "UPDATE source_state SET last_finished=?, last_status=?, last_error=?, last_counts=?, runs=runs+1, "
                "failed_runs=failed_runs+?, etag=CASE WHEN ? THEN ? ELSE etag END, "
                "last_modified=CASE WHEN ? THEN ? ELSE last_modified END, cursor=CASE WHEN ? THEN ? ELSE cursor END "
                "WHERE name=?",
                (utcnow(), status, error, json.dumps(counts), int(status == "error"), "etag" in v, v.get("etag"),
                 "last_modified" in v, v.get("last_modified"), "cursor" in v, v.get("cursor"), name))

    def source(self, name: str) -> SourceStatus | None:
        """The state of one source, or None if it never ran."""
        return next((s for s in self.sources() if s.name == name), None)

    def sources(self) -> list[SourceStatus]:
        """The state of every source that ever ran, by name; none when there is no state yet."""
        if not self.path.exists():
            return []
        with self.connect() as con:
            rows = con.execute("SELECT s.*, (SELECT count(*) FROM article_state a WHERE a.source = s.name) AS articles,"
                               " (SELECT count(*) FROM article_state a WHERE a.source = s.name "
                               "AND a.status = 'failed') AS failed_articles FROM source_state s ORDER BY s.name")
            return [SourceStatus(**{**dict(r), "last_counts": json.loads(r["last_counts"] or "{}")}) for r in rows]

    def articles(self, source: str, status: str | None = None, limit: int = 20) -> list[ArticleState]:
        """A source's articles, most recently seen first, optionally only those with one status."""
        if not self.path.exists():
            return []
        where, args = ("source = ? AND status = ?", (source, status)) if status else ("source = ?", (source,))
        with self.connect() as con:
            rows = con.execute(f"SELECT * FROM article_state WHERE {where} ORDER BY last_seen DESC, key LIMIT ?",
                               (*args, limit)).fetchall()
        return [ArticleState(**dict(r)) for r in rows]

    def claimed(self) -> list[ArticleState]:
        """The articles this state says are in the store (created, updated or unchanged, with an article id)."""
        if not self.path.exists():
            return []
        with self.connect() as con:
            rows = con.execute("SELECT * FROM article_state WHERE status IN ('created', 'updated', 'unchanged') "
                               "AND article_id IS NOT NULL ORDER BY source, key").fetchall()
        return [ArticleState(**dict(r)) for r in rows]

    def forget_articles(self, keys: list[str]) -> None:
        """Forget these articles and their sources' validators, so the next run fetches and stores them again."""
        with self.connect() as con:
            marks = ",".join("?" * len(keys))
            con.execute("UPDATE source_state SET etag = NULL, last_modified = NULL, cursor = NULL WHERE name IN "
                        f"(SELECT source FROM article_state WHERE key IN ({marks}))", keys)
            con.execute(f"DELETE FROM article_state WHERE key IN ({marks})", keys)

    def forget_source(self, name: str) -> None:
        """Drop a source's run state (its articles' state stays, so they are still deduplicated)."""
        with self.connect() as con:
            con.execute("DELETE FROM source_state WHERE name = ?", (name,))

    @contextmanager
    def lock(self, name: str) -> Iterator[bool]:
        """Hold the source's run lock if it is free (yields False when another run holds it)."""
        folder = self.data_dir / "locks"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{name}.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
