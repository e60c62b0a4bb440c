"""EmbeddedStore: the GraphStore that needs no server - one SQLite database (WAL) in the data folder.

One writer at a time (SQLite's lock; a second waits), any number of readers in other processes: each query
runs in its own read transaction, so a reader sees every article committed before it asked.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TypeVar

from geokg.graph import analytics, periods
from geokg.graph.embedded import check, migrate, reads, relations, schema, search
from geokg.graph.embedded.writes import Batch
from geokg.graph.errors import NotFound, StoreError
from geokg.graph.model import Article, ArticleGraph, Entity
from geokg.graph.store import (
    Bucket,
    Counts,
    EntityHit,
    EntityRecord,
    EntityRef,
    Evidence,
    GraphPath,
    Page,
    PeriodSummary,
    RelationFilter,
    RelationSummary,
    Subgraph,
    UpsertResult,
)
from geokg.graph.upserts import now_stamp, validate

R = TypeVar("R")
NO_FILTER = RelationFilter()
RANKED_ROWS = 250_000  # the rankings kept (a relation row each, some 350 bytes) before they are let go


def reading(method: Callable[..., R]) -> Callable[..., R]:
    """Run a query in one read transaction (a consistent view of the latest commit)."""

    @wraps(method)
    def wrapper(self: EmbeddedStore, *args, **kwargs) -> R:
        with self._transaction("BEGIN"):
            return method(self, *args, **kwargs)

    return wrapper


class EmbeddedStore:
    """A GraphStore in a data folder; safe for many reader processes beside one writer at a time."""

    def __init__(self, data_dir: Path, create: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / schema.DB
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreError(f"{self.data_dir}: data folder is a file, not a folder")
        if create:
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"{self.data_dir}: cannot create the data folder: {e.strerror}") from None
        if self.data_dir.is_dir():
            migrate.convert_if_old(self.data_dir)
        self._conn: sqlite3.Connection | None = schema.connect(self.path, create)
        try:
            migrate.upgrade(self._conn, self.path)
        except BaseException:
            self._conn.close()
            raise
        self._file = self._identity()
        self._gram_counts: dict[str, int] = {}  # search.gram_counts' cache
        self._rankings: relations.Rankings = {}  # hubs' whole rankings, valid while _version() is unchanged
        self._rankings_of: tuple[int, int] | None = None
        self._writes = 0
        self._mutex = threading.RLock()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection."""
        with self._mutex:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection; StoreError once closed."""
        if self._conn is None:
            raise StoreError(f"the store in {self.data_dir} is closed")
        return self._conn

    def _identity(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return st.st_dev, st.st_ino

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        """One transaction under the store's mutex; SQLite's errors named with the database file."""
        with self._mutex:
            conn = self.conn
            if self._identity() != self._file:  # the open connection would go on reading the old file
                raise StoreError(f"{self.path}: the database file was replaced or removed while the store was "
                                 "open; open the store again")
            try:
                conn.execute(begin)
                try:
                    yield conn
                except BaseException:
                    conn.rollback()
                    raise
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as e:
                raise schema.sqlite_error(self.path, e) from None

    # -- writes ---------------------------------------------------------------------------------------------

    def upsert_articles(self, graphs: Iterable[ArticleGraph]) -> list[UpsertResult]:
        """Store each article's graph, the whole batch in one transaction; unchanged articles are not written."""
        batch = list(graphs)
        for g in batch:
            validate(g)
        with self._transaction("BEGIN IMMEDIATE") as conn:
            self._writes += 1
            writes = Batch(conn)
            results = [writes.upsert(g) for g in batch]
            if any(r.status != "unchanged" for r in results):
                writes.finish()
                self._stamp(conn)
        return results

    def delete_article(self, article_id: str) -> None:
        """Remove an article, its evidence, and any relation or entity left with none; NotFound if unknown."""
        with self._transaction("BEGIN IMMEDIATE") as conn:
            self._writes += 1
            row = conn.execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise NotFound(f"article {article_id!r} not found")
            writes = Batch(conn)
            writes.remove(row[0])
            writes.finish()
            conn.execute("DELETE FROM locations WHERE article_id = ?", (article_id,))
            self._stamp(conn)

    @staticmethod
    def _stamp(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('last_ingest', ?)", (now_stamp(),))

    def check(self) -> list[str]:
        """Every problem SQLite's integrity check and the store's own consistency rules find; [] when sound."""
        with self._transaction("BEGIN IMMEDIATE") as conn:  # no write may land halfway through the check
            return check.problems(conn)

    # -- articles -------------------------------------------------------------------------------------------

    def already_stored(self, articles: list[Article]) -> list[UpsertResult]:
        """Of these articles, those the store holds as they are (same id and content hash, or the same text under
        another id), each recorded as seen at its location, in one transaction; the others are left out."""
        if not articles:
            return []
        with self._transaction("BEGIN IMMEDIATE") as conn:
            writes = Batch(conn)
            return [r for r in map(writes.known, articles) if r is not None]

    @reading
    def get_article(self, article_id: str) -> Article:
        """The article, or NotFound."""
        return reads.get_article(self.conn, article_id)

    @reading
    def article_graph(self, article_id: str) -> ArticleGraph:
        """What was extracted from the article, as stored."""
        return reads.article_graph(self.conn, article_id)

    @reading
    def list_articles(self, limit: int = 50, offset: int = 0) -> Page[Article]:
        """Articles, newest first (undated last)."""
        return reads.list_articles(self.conn, limit, offset)

    # -- entities -------------------------------------------------------------------------------------------

    @reading
    def get_entity(self, entity_id: str) -> EntityRecord:
        """The entity merged across articles, or NotFound."""
        return reads.record(self.conn, entity_id)

    @reading
    def search_entities(self, q: str, type_: str | None = None, limit: int = 10, offset: int = 0) -> Page[EntityHit]:
        """Entities whose name or an alias matches q: exact, prefix, substring, then fuzzy; best first."""
        return search.search(self.conn, q, type_, limit, offset, self._gram_counts)

    @reading
    def list_entities(self, type_: str | None = None, limit: int = 50, offset: int = 0) -> Page[EntityRecord]:
        """Entities (of one type, if given), most distinct relations first."""
        return reads.list_entities(self.conn, type_, limit, offset)

    @reading
    def members(self, entity_id: str) -> list[Entity]:
        """The entities whose affiliations include this one, by id."""
        return reads.members(self.conn, entity_id)

    @reading
    def top_counterparts(self, entity_id: str, limit: int = 5) -> list[tuple[EntityRef, int]]:
        """The entities this one has most evidence with, and how much."""
        relations.require_entity(self.conn, entity_id)
        found = relations.top_counterparts(self.conn, entity_id, limit)
        names = reads.refs(self.conn, [eid for eid, _ in found])
        return [(names[eid], n) for eid, n in found]

    # -- relations ------------------------------------------------------------------------------------------

    @reading
    def relations_of(self, entity_id: str, filt: RelationFilter = NO_FILTER, limit: int = 50,
                     offset: int = 0) -> Page[RelationSummary]:
        """Aggregated relations touching the entity, most evidence first."""
        relations.require_entity(self.conn, entity_id)
        return relations.page(self.conn, relations.touching(entity_id, filt.direction), filt, limit, offset,
                              self._current_rankings())

    def _current_rankings(self) -> relations.Rankings:
        """The cached rankings, emptied when any connection (this one too) committed since they were made, and the
        oldest let go while they hold more than RANKED_ROWS relations."""
        version = (self.conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
        if version != self._rankings_of:
            self._rankings, self._rankings_of = {}, version
        while len(self._rankings) > 1 and sum(map(len, self._rankings.values())) > RANKED_ROWS:
            del self._rankings[next(iter(self._rankings))]  # the oldest first; the newest stays, however long
        return self._rankings

    @reading
    def find_relations(self, subject: str | None = None, object_: str | None = None,
                       filt: RelationFilter = NO_FILTER, limit: int = 50,
                       offset: int = 0) -> Page[RelationSummary]:
        """Aggregated relations matching a (subject, predicate, object) pattern; any part omitted."""
        for eid in (subject, object_):
            if eid is not None:
                relations.require_entity(self.conn, eid)
        return relations.page(self.conn, relations.pattern(subject, object_), filt, limit, offset)

    @reading
    def evidence(self, relation_id: str, limit: int = 50, offset: int = 0) -> Page[Evidence]:
        """The sentences supporting a relation, newest first; NotFound for an unknown relation."""
        return relations.evidence(self.conn, relation_id, limit, offset)

    @reading
    def events_between(self, a: str, b: str, since: date | None = None, until: date | None = None) -> list[Evidence]:
        """Every evidence of a relation between a and b, both directions, oldest first."""
        return relations.events_between(self.conn, a, b, since, until)

    # -- graph ----------------------------------------------------------------------------------------------

    @reading
    def shortest_paths(self, source: str, target: str, max_hops: int = 4, limit: int = 5) -> list[GraphPath]:
        """Shortest undirected paths between two entities, at most max_hops long."""
        c = self.conn
        relations.require_entity(c, source)
        relations.require_entity(c, target)
        paths = analytics.shortest_paths(relations.SqlAdjacency(c), source, target, max_hops, limit)
        names = reads.refs(c, {n for p in paths for n in p})
        steps = list(dict.fromkeys(step for p in paths for step in zip(p, p[1:], strict=False)))
        edges = dict(zip(steps, relations.summarize(c, relations.strongest_between(c, steps), NO_FILTER),
                         strict=True))
        return [GraphPath([names[n] for n in p], [edges[step] for step in zip(p, p[1:], strict=False)])
                for p in paths]

    @reading
    def neighbourhood(self, center: str, hops: int = 1, limit: int = 100) -> Subgraph:
        """Entities within hops of center (at most limit nodes) and the relations among them."""
        c = self.conn
        relations.require_entity(c, center)
        nodes, truncated = analytics.ball(relations.SqlAdjacency(c), center, hops, limit)
        names = reads.refs(c, nodes)
        edges = relations.summarize(c, relations.edges_among(c, nodes), NO_FILTER)
        return Subgraph([names[n] for n in nodes], edges, truncated)

    @reading
    def timeline(self, entity_id: str | None, bucket: Bucket = "month") -> list[tuple[date, int]]:
        """Evidence counts per period (start date of the bucket), for one entity or all."""
        return relations.timeline(self.conn, entity_id, bucket)

    @reading
    def period_summaries(self, entity_ids: list[str] | None, bucket: Bucket = "month") -> list[PeriodSummary]:
        """Dated evidence per period touching any of the entities (each once), or all: Goldstein mean, quads."""
        return periods.from_counts(relations.period_rows(self.conn, entity_ids), bucket)

    @reading
    def centrality(self, limit: int = 20) -> list[tuple[EntityRef, float]]:
        """The most central actors (degree centrality on the aggregated graph)."""
        return reads.centrality(self.conn, limit)

    @reading
    def counts(self) -> Counts:
        """How many articles, entities, relations and evidence the store holds."""
        return reads.counts(self.conn)
