"""EmbeddedStore: the GraphStore that needs no server - networkx in memory, a checksummed log on disk."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TypeVar

from geokg.graph import analytics, periods
from geokg.graph.embedded import browse, codec, queries
from geokg.graph.embedded.codec import StoredArticle
from geokg.graph.embedded.journal import Journal, now_stamp
from geokg.graph.embedded.search import NameIndex
from geokg.graph.embedded.state import GraphState, gc_paused
from geokg.graph.errors import InvalidInput, NotFound, StoreError
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

R = TypeVar("R")
NO_FILTER = RelationFilter()


def reading(method: Callable[..., R]) -> Callable[..., R]:
    """Run a query under the store's mutex, after catching up with other processes' writes."""

    @wraps(method)
    def wrapper(self: EmbeddedStore, *args, **kwargs) -> R:
        with self._mutex:
            if self._journal.closed:
                raise StoreError(f"the store in {self.data_dir} is closed")
            self._state = self._journal.refresh(self._state)
            return method(self, *args, **kwargs)

    return wrapper


def validate(g: ArticleGraph) -> None:
    """InvalidInput naming the article when its graph refers to entities it does not define."""
    if not g.article.id:
        raise InvalidInput(f"article {g.article.title!r} has no id")
    known = {e.id for e in g.entities}
    for r in g.relations:
        for eid in (r.subject, r.object):
            if eid not in known:
                raise InvalidInput(f"article {g.article.id!r}: relation {r.predicate} refers to entity {eid!r} "
                                   "that the article does not define")
        if r.article_id != g.article.id:
            raise InvalidInput(f"article {g.article.id!r}: relation belongs to article {r.article_id!r}")


def unchanged(old: StoredArticle | None, new: ArticleGraph) -> bool:
    """Whether storing new would change nothing: same content hash (or, without one, the same graph)."""
    if old is None:
        return False
    if new.article.content_hash:
        return old.article.content_hash == new.article.content_hash
    return old.graph() == new


class EmbeddedStore:
    """A GraphStore in a data folder; safe for many reader processes and serialised writer processes."""

    def __init__(self, data_dir: Path, compact_min_bytes: int | None = None) -> None:
        self.data_dir = Path(data_dir)
        self._journal = Journal(self.data_dir) if compact_min_bytes is None else Journal(self.data_dir,
                                                                                         compact_min_bytes)
        self._mutex = threading.RLock()
        self._state = self._journal.load()
        self._cache: dict[str, tuple[int, object]] = {}

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the data folder's files."""
        with self._mutex:
            self._journal.close()

    def _cached(self, name: str, build: Callable[[], R]) -> R:
        """A value derived from the state, rebuilt only when the state changed."""
        hit = self._cache.get(name)
        if hit is None or hit[0] != self._state.version:
            hit = (self._state.version, build())
            self._cache[name] = hit
        return hit[1]  # type: ignore[return-value]

    # -- writes ---------------------------------------------------------------------------------------------

    def upsert_articles(self, graphs: Iterable[ArticleGraph]) -> list[UpsertResult]:
        """Store each article's graph atomically, in one durable write; unchanged articles are not written."""
        batch = list(graphs)
        for g in batch:
            validate(g)
        with self._mutex, self._journal.writing(self._state) as state:
            self._state = state
            results, todo, latest = [], [], {}
            for g in batch:
                aid = g.article.id
                old = latest.get(aid, state.articles.get(aid))
                if unchanged(old, g):
                    results.append(UpsertResult(aid, "unchanged"))
                    continue
                results.append(UpsertResult(aid, "created" if old is None else "updated"))
                latest[aid] = stored = StoredArticle.of(g)
                todo.append(stored)
            if todo:
                stamp = now_stamp()
                self._journal.append([(g.article.id, codec.dumps(("u", stamp, g.encoded()))) for g in todo])
                with gc_paused():
                    for g in todo:
                        state.apply_upsert(g, stamp)
                self._journal.maybe_compact(state)
        return results

    def delete_article(self, article_id: str) -> None:
        """Remove an article, its evidence, and any relation or entity left with none; NotFound if unknown."""
        with self._mutex, self._journal.writing(self._state) as state:
            self._state = state
            if article_id not in state.articles:
                raise NotFound(f"article {article_id!r} not found")
            stamp = now_stamp()
            self._journal.append([(None, codec.dumps(("d", stamp, article_id)))])
            self._journal.forget(article_id)
            state.apply_delete(article_id, stamp)
            self._journal.maybe_compact(state)

    def compact(self) -> None:
        """Rewrite the snapshot from the live articles and start an empty log."""
        with self._mutex, self._journal.writing(self._state) as state:
            self._state = state
            self._journal.compact(state)

    # -- articles -------------------------------------------------------------------------------------------

    def _stored(self, article_id: str) -> StoredArticle:
        g = self._state.articles.get(article_id)
        if g is None:
            raise NotFound(f"article {article_id!r} not found")
        return g

    @reading
    def get_article(self, article_id: str) -> Article:
        """The article, or NotFound."""
        return self._stored(article_id).article

    @reading
    def article_graph(self, article_id: str) -> ArticleGraph:
        """What was extracted from the article, as stored."""
        return self._stored(article_id).graph()

    @reading
    def list_articles(self, limit: int = 50, offset: int = 0) -> Page[Article]:
        """Articles, newest first (undated last)."""
        ordered = self._cached("articles", self._articles_newest_first)
        return Page(ordered[offset:offset + limit], len(ordered), limit, offset)

    def _articles_newest_first(self) -> list[Article]:
        arts = [g.article for g in self._state.articles.values()]
        arts.sort(key=lambda a: a.id)
        arts.sort(key=lambda a: a.published or date.min, reverse=True)
        return arts

    # -- entities -------------------------------------------------------------------------------------------

    @reading
    def get_entity(self, entity_id: str) -> EntityRecord:
        """The entity merged across articles, or NotFound."""
        return queries.get_entity(self._state, entity_id)

    @reading
    def search_entities(self, q: str, type_: str | None = None, limit: int = 10, offset: int = 0) -> Page[EntityHit]:
        """Entities whose name or an alias matches q: exact, prefix, substring, then fuzzy; best first."""
        index = self._cached("names", lambda: NameIndex(self._state.entities.values()))
        return index.search(q, type_, limit, offset)

    @reading
    def list_entities(self, type_: str | None = None, limit: int = 50, offset: int = 0) -> Page[EntityRecord]:
        """Entities (of one type, if given), most distinct relations first."""
        order = self._cached("entity_order", lambda: browse.entity_order(self._state))
        return browse.list_entities(self._state, order, type_, limit, offset)

    @reading
    def members(self, entity_id: str) -> list[Entity]:
        """The entities whose affiliations include this one, by id."""
        return list(self._cached("members", lambda: browse.members_index(self._state)).get(entity_id, ()))

    @reading
    def top_counterparts(self, entity_id: str, limit: int = 5) -> list[tuple[EntityRef, int]]:
        """The entities this one has most evidence with, and how much."""
        return queries.top_counterparts(self._state, entity_id, limit)

    # -- relations ------------------------------------------------------------------------------------------

    @reading
    def relations_of(self, entity_id: str, filt: RelationFilter = NO_FILTER, limit: int = 50,
                     offset: int = 0) -> Page[RelationSummary]:
        """Aggregated relations touching the entity, most evidence first."""
        return queries.relations_of(self._state, entity_id, filt, limit, offset)

    @reading
    def find_relations(self, subject: str | None = None, object_: str | None = None,
                       filt: RelationFilter = NO_FILTER, limit: int = 50,
                       offset: int = 0) -> Page[RelationSummary]:
        """Aggregated relations matching a (subject, predicate, object) pattern; any part omitted."""
        return queries.find_relations(self._state, subject, object_, filt, limit, offset)

    @reading
    def evidence(self, relation_id: str, limit: int = 50, offset: int = 0) -> Page[Evidence]:
        """The sentences supporting a relation, newest first; NotFound for an unknown relation."""
        return queries.evidence(self._state, relation_id, limit, offset)

    @reading
    def events_between(self, a: str, b: str, since: date | None = None, until: date | None = None) -> list[Evidence]:
        """Every evidence of a relation between a and b, both directions, oldest first."""
        return queries.events_between(self._state, a, b, since, until)

    # -- graph ----------------------------------------------------------------------------------------------

    @reading
    def shortest_paths(self, source: str, target: str, max_hops: int = 4, limit: int = 5) -> list[GraphPath]:
        """Shortest undirected paths between two entities, at most max_hops long."""
        state = self._state
        queries.require_entity(state, source)
        queries.require_entity(state, target)
        paths = analytics.shortest_paths(state.graph, source, target, max_hops, limit)
        return [GraphPath([queries.ref(state, n) for n in p],
                          [self._strongest(u, v) for u, v in zip(p, p[1:], strict=False)]) for p in paths]

    def _strongest(self, u: str, v: str) -> RelationSummary:
        """The relation with most evidence between two adjacent entities, either direction."""
        best = max(queries.edges_between(self._state, u, v), key=lambda e: (len(e[3]["ev"]), e[3]["rid"]))
        summary = queries.summarize(self._state, best, RelationFilter())
        assert summary is not None
        return summary

    @reading
    def neighbourhood(self, center: str, hops: int = 1, limit: int = 100) -> Subgraph:
        """Entities within hops of center (at most limit nodes) and the relations among them."""
        state = self._state
        queries.require_entity(state, center)
        nodes, truncated = analytics.ball(state.graph, center, hops, limit)
        inside = set(nodes)
        edges = [queries.summarize(state, e, RelationFilter()) for n in nodes
                 for e in queries.edges_of(state, n, "out") if e[1] in inside]
        return Subgraph([queries.ref(state, n) for n in nodes], [e for e in edges if e is not None], truncated)

    @reading
    def timeline(self, entity_id: str | None, bucket: Bucket = "month") -> list[tuple[date, int]]:
        """Evidence counts per period (start date of the bucket), for one entity or all."""
        return queries.timeline(self._state, entity_id, bucket)

    @reading
    def period_summaries(self, entity_ids: list[str] | None, bucket: Bucket = "month") -> list[PeriodSummary]:
        """Dated evidence per period touching any of the entities (each once), or all: Goldstein mean, quads."""
        return periods.from_counts(queries.period_rows(self._state, entity_ids), bucket)

    @reading
    def centrality(self, limit: int = 20) -> list[tuple[EntityRef, float]]:
        """The most central actors (degree centrality on the aggregated graph)."""
        top = self._cached("centrality", lambda: analytics.degree_centrality(self._state.graph, 1000))
        if limit > len(top) and len(top) == 1000:
            top = analytics.degree_centrality(self._state.graph, limit)
        return [(queries.ref(self._state, n), score) for n, score in top[:limit]]

    @reading
    def counts(self) -> Counts:
        """How many articles, entities, relations and evidence the store holds."""
        return self._cached("counts", self._counts)

    def _counts(self) -> Counts:
        s = self._state
        by_type: dict[str, int] = {}
        for e in s.entities.values():
            by_type[e.type] = by_type.get(e.type, 0) + 1
        dates = [g.article.published for g in s.articles.values() if g.article.published]
        return Counts(articles=len(s.articles), entities=len(s.entities), relations=len(s.relation_ends),
                      evidence=s.evidence_total, entities_by_type=by_type,
                      relations_by_predicate=dict(s.predicate_counts), newest_article=max(dates, default=None),
                      last_ingest=s.last_ingest)


__all__ = ["EmbeddedStore", "GraphState"]
