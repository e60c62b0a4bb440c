"""Neo4jStore: the GraphStore over a Neo4j 5 database, through an injected official driver."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from geokg.graph import cypher, neo4j_writes, periods, summaries
from geokg.graph import neo4j_rows as rows
from geokg.graph.errors import InvalidInput, NotFound, StoreError
from geokg.graph.model import NEO4J_LABELS, Article, ArticleGraph, Entity, Location
from geokg.graph.names import NameIndex
from geokg.graph.naming import predicate_matches
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
from geokg.graph.upserts import now_stamp
from geokg.graph.upserts import validate as validate_refs

NO_FILTER = RelationFilter()
SEARCH_CANDIDATES = 100
# The full-text index's analyzer (Lucene's standard tokenizer, lower-cased) splits "al-Assad" into "al" and
# "assad"; the query is split the same way, so each piece is a term (UAX #29 keeps inner apostrophes: o'brien).
INDEX_TERM = re.compile(r"\w+(?:['’]\w+)*")


def validate(g: ArticleGraph) -> None:
    """InvalidInput naming the article when its graph cannot be stored as given."""
    validate_refs(g)
    for e in g.entities:
        if e.type not in NEO4J_LABELS:
            raise InvalidInput(f"article {g.article.id!r}: entity {e.id!r} has unknown type {e.type!r}")


def fuzzy_edits(word: str) -> int:
    """Edits a misspelt word may be from a name's word (Elasticsearch's AUTO): none up to 2 letters, 1 up to 5, else
    2. Two edits on a short word match most of the index's short terms, which made search the slowest read."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def lucene_query(q: str) -> str:
    """A Lucene query on names_text (the name and aliases; the index's name field repeats it) matching names with
    each word of q as a prefix or within fuzzy_edits of it."""
    words = dict.fromkeys(INDEX_TERM.findall(q.casefold()))  # ' is not special in Lucene
    clauses = [f"{w}*" + (f" OR {w}~{fuzzy_edits(w)}" if fuzzy_edits(w) else "") for w in words]
    return f"{cypher.FULLTEXT_FIELD}:({' OR '.join(clauses)})" if clauses else ""


def _strongest_per_pair(found: list[RelationSummary]) -> dict[frozenset[str], RelationSummary]:
    """For each pair of entities, the relation between them (either direction) with most evidence, ties by id."""
    best: dict[frozenset[str], RelationSummary] = {}
    for s in found:
        pair = frozenset((s.subject.id, s.object.id))
        if pair not in best or (s.evidence_count, s.id) > (best[pair].evidence_count, best[pair].id):
            best[pair] = s
    return best


def _evidence_filter(filt: RelationFilter) -> dict[str, Any]:
    """The parameters of cypher.EVIDENCE_FILTER for a RelationFilter."""
    return {"sector": filt.sector.upper() if filt.sector else None, "min_confidence": filt.min_confidence}


class Neo4jStore:
    """A GraphStore in Neo4j; relationships per evidence, typed by predicate (see docs/graph-model.md)."""

    def __init__(self, driver: Any, database: str = "neo4j", batch_size: int = 500, owns_driver: bool = False,
                 create_schema: bool = True) -> None:
        self.driver, self.database, self.batch_size = driver, database, max(1, batch_size)
        self._owns_driver = owns_driver
        if create_schema:
            self.ensure_schema()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver failures as StoreError (the driver has already retried transient ones)."""
        import neo4j.exceptions as ne

        try:
            yield
        except ne.Neo4jError as e:
            raise StoreError(f"Neo4j database {self.database!r}: {e.code}: {e.message}") from None
        except (ne.DriverError, OSError) as e:
            raise StoreError(f"Neo4j database {self.database!r} is unreachable: {e}") from None

    def _read(self, query: str, **params: Any) -> list[dict]:
        import neo4j

        with self._errors():
            result = self.driver.execute_query(query, params, database_=self.database,
                                               routing_=neo4j.RoutingControl.READ)
        return rows.as_dicts(result.keys, result.records)

    def _write(self, work: Any, *args: Any) -> Any:
        # the bookmark manager execute_query (the reads) uses, so a read after a write sees it on a cluster too
        bookmarks = self.driver.execute_query_bookmark_manager
        with self._errors(), self.driver.session(database=self.database, bookmark_manager=bookmarks) as session:
            return session.execute_write(work, *args)

    def ensure_schema(self) -> None:
        """Create the constraints and indexes if they are missing."""
        import neo4j

        with self._errors():
            for statement in cypher.SCHEMA:
                self.driver.execute_query(statement, database_=self.database, routing_=neo4j.RoutingControl.WRITE)

    def close(self) -> None:
        """Close the driver if this store opened it."""
        if self._owns_driver:
            self.driver.close()

    def clear(self) -> None:
        """Delete every geokg node and relationship (tests and `geokg push --replace`)."""
        # a transaction per batch: a large graph never has to fit in one transaction's memory
        batch = max(1000, self.batch_size * 10)
        for query in (cypher.CLEAR_RELATIONSHIPS_BATCH, cypher.CLEAR_BATCH):
            while any(r["n"] for r in self._write(lambda tx, q=query: neo4j_writes.run(tx, q, batch=batch))):
                pass

    # -- writes ---------------------------------------------------------------------------------------------

    def upsert_articles(self, graphs: Iterable[ArticleGraph]) -> list[UpsertResult]:
        """Store each article's graph; a transaction per chunk of about batch_size rows, an article never split."""
        batch = list(graphs)
        for g in batch:
            validate(g)
        stamp, results = now_stamp(), []
        chunks = list(self._chunks(batch))
        # chunk n+1's rows are built by a worker while chunk n's transaction runs (the driver waits on the socket
        # without the GIL); the transactions themselves stay one at a time, in order
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="geokg-rows") as rows_builder:
            pending = [rows_builder.submit(neo4j_writes.prepare, chunk, stamp) for chunk in chunks[:1]]
            for n, chunk in enumerate(chunks):
                prepared = pending.pop().result()
                if n + 1 < len(chunks):
                    pending.append(rows_builder.submit(neo4j_writes.prepare, chunks[n + 1], stamp))
                results += self._write(neo4j_writes.upsert_chunk, chunk, stamp, self.batch_size, prepared)
        return results

    def _chunks(self, batch: list[ArticleGraph]) -> Iterator[list[ArticleGraph]]:
        chunk, size = [], 0
        for g in batch:
            weight = 1 + len(g.entities) + len(g.relations)
            if chunk and size + weight > self.batch_size:
                yield chunk
                chunk, size = [], 0
            chunk.append(g)
            size += weight
        if chunk:
            yield chunk

    def delete_article(self, article_id: str) -> None:
        """Remove an article, its evidence, and any relation or entity left with none; NotFound if unknown."""
        self._write(neo4j_writes.delete_article, article_id, self.batch_size)

    # -- articles -------------------------------------------------------------------------------------------

    def _article_row(self, article_id: str) -> dict:
        found = self._read(cypher.ARTICLE, id=article_id)
        if not found:
            raise NotFound(f"article {article_id!r} not found")
        return found[0]

    def already_stored(self, articles: list[Article]) -> list[UpsertResult]:
        """Of these articles, those the store holds as they are (same id and content hash, or the same text under
        another id), each recorded as seen at its location; the others are left out."""
        return self._write(neo4j_writes.already_stored, articles, self.batch_size) if articles else []

    def _located(self, articles: list[Article]) -> list[Article]:
        found: dict[str, list[Location]] = {a.id: [] for a in articles}
        for r in self._read(cypher.LOCATIONS_OF, ids=list(found)):
            found[r["id"]].append(Location(r["location"], r["source"], r["first_seen"], r["last_seen"]))
        return [replace(a, locations=tuple(found[a.id])) for a in articles]

    def get_article(self, article_id: str) -> Article:
        """The article with its locations, or NotFound."""
        return self._located([rows.article_from_row(self._article_row(article_id))])[0]

    def article_graph(self, article_id: str) -> ArticleGraph:
        """What was extracted from the article, as stored."""
        return rows.graph_from_json(self._article_row(article_id)["extraction"])

    def list_articles(self, limit: int = 50, offset: int = 0) -> Page[Article]:
        """Articles, newest first (undated last)."""
        found = self._read(cypher.ARTICLES_PAGE, offset_rows=offset, row_limit=limit)
        total = self._read(cypher.ARTICLE_TOTALS)[0]["n"]
        return Page(self._located([rows.article_from_row(r) for r in found]), total, limit, offset)

    def _articles(self, ids: Iterable[str]) -> dict[str, Article]:
        found = self._read(cypher.ARTICLES_BY_ID, ids=list(dict.fromkeys(ids)))
        return {r["id"]: rows.article_from_row(r) for r in found}

    # -- entities -------------------------------------------------------------------------------------------

    def _require(self, *ids: str) -> dict[str, EntityRef]:
        """The entities' refs by id; NotFound naming the first unknown one."""
        found = self._refs(ids)
        for eid in ids:
            if eid not in found:
                raise NotFound(f"entity {eid!r} not found")
        return found

    def _read_about(self, ids: tuple[str, ...], query: str, **params: Any) -> list[dict]:
        """The rows of a query matching these entities by id; NotFound for an unknown one. Asked only when no row
        came back: a row means every one of them exists, so the common case is one round trip."""
        found = self._read(query, **params)
        if not found:
            self._require(*ids)
        return found

    def get_entity(self, entity_id: str) -> EntityRecord:
        """The entity merged across articles, or NotFound."""
        found = self._read(cypher.ENTITY, id=entity_id)
        if not found:
            raise NotFound(f"entity {entity_id!r} not found")
        r = found[0]
        return EntityRecord(rows.entity_from_props(r["e"]), r["degree"], r["mentions"] or 0, r["articles"],
                            rows.native(r["first_seen"]), rows.native(r["last_seen"]))

    def list_entities(self, type_: str | None = None, limit: int = 50, offset: int = 0) -> Page[EntityRecord]:
        """Entities (of one type, if given), most distinct relations first, ties by id."""
        wanted = type_.upper() if type_ else None
        found = self._read(cypher.ENTITY_LIST, type=wanted, offset=offset, row_limit=limit)
        total = self._read(cypher.ENTITY_TOTAL, type=wanted)[0]["n"]
        return Page([EntityRecord(rows.entity_from_props(r["e"]), r["degree"], r["mentions"] or 0, r["articles"],
                                  rows.native(r["first_seen"]), rows.native(r["last_seen"])) for r in found],
                    total, limit, offset)

    def members(self, entity_id: str) -> list[Entity]:
        """The entities whose affiliations include this one, by id."""
        return [rows.entity_from_props(r["e"]) for r in self._read(cypher.MEMBERS, id=entity_id)]

    def search_entities(self, q: str, type_: str | None = None, limit: int = 10, offset: int = 0) -> Page[EntityHit]:
        """Candidates from the full-text index, ranked like the embedded store: exact, prefix, substring, fuzzy."""
        lucene = lucene_query(q)
        if not lucene:
            return Page([], 0, limit, offset)
        found = self._read(cypher.SEARCH, index=cypher.FULLTEXT_INDEX, lucene=lucene,
                           row_limit=SEARCH_CANDIDATES + offset + limit)
        return NameIndex(rows.entity_from_props(r) for r in found).search(q, type_, limit, offset)

    def top_counterparts(self, entity_id: str, limit: int = 5) -> list[tuple[EntityRef, int]]:
        """The entities this one has most evidence with, and how much."""
        found = self._read_about((entity_id,), cypher.COUNTERPARTS, id=entity_id, row_limit=limit)
        return [(EntityRef(r["id"], r["name"], r["type"]), r["n"]) for r in found]

    # -- relations ------------------------------------------------------------------------------------------

    def _summaries(self, evidence_rows: list[dict], filt: RelationFilter) -> list[RelationSummary]:
        """Evidence rows grouped into aggregated relations that pass the filter, most evidence first."""
        groups: dict[str, tuple[EntityRef, str, EntityRef, dict[str, summaries.Dated]]] = {}
        for row in evidence_rows:
            rel, day = rows.relation_from_row(row)
            if filt.predicate and not predicate_matches(rel.predicate, filt.predicate):
                continue
            subj, obj = rows.refs_of(row)
            group = groups.setdefault(rel.id, (subj, rel.predicate.upper(), obj, {}))
            group[3][rel.evidence_id] = (rel, day)  # an undirected match may list a self-relation twice
        return summaries.ranked(summaries.summarize(rid, s, p, o, items.values(), filt)
                                for rid, (s, p, o, items) in groups.items())

    def relations_of(self, entity_id: str, filt: RelationFilter = NO_FILTER, limit: int = 50,
                     offset: int = 0) -> Page[RelationSummary]:
        """Aggregated relations touching the entity, most evidence first."""
        query = {"out": cypher.EVIDENCE_OUT, "in": cypher.EVIDENCE_IN}.get(filt.direction, cypher.EVIDENCE_BOTH)
        found = self._summaries(self._read_about((entity_id,), query, id=entity_id, **_evidence_filter(filt)), filt)
        return Page(found[offset:offset + limit], len(found), limit, offset)

    def find_relations(self, subject: str | None = None, object_: str | None = None,
                       filt: RelationFilter = NO_FILTER, limit: int = 50, offset: int = 0) -> Page[RelationSummary]:
        """Aggregated relations matching a (subject, predicate, object) pattern; any part omitted."""
        ids = tuple(x for x in (subject, object_) if x is not None)
        where = _evidence_filter(filt)
        if subject and object_:
            evidence = self._read_about(ids, cypher.EVIDENCE_FROM_TO, subject=subject, object=object_, **where)
        elif subject:
            evidence = self._read_about(ids, cypher.EVIDENCE_OUT, id=subject, **where)
        elif object_:
            evidence = self._read_about(ids, cypher.EVIDENCE_IN, id=object_, **where)
        else:
            evidence = self._read(cypher.EVIDENCE_ALL, **where)
        found = self._summaries(evidence, filt)
        return Page(found[offset:offset + limit], len(found), limit, offset)

    def _evidence(self, items: list[summaries.Dated]) -> list[Evidence]:
        articles = self._articles(r.article_id for r, _ in items)
        return [Evidence(r, articles[r.article_id]) for r, _ in items if r.article_id in articles]

    def evidence(self, relation_id: str, limit: int = 50, offset: int = 0) -> Page[Evidence]:
        """The sentences supporting a relation, newest first; NotFound for an unknown relation."""
        found = self._read(cypher.EVIDENCE_OF_RELATION, rid=relation_id)
        if not found:
            raise NotFound(f"relation {relation_id!r} not found")
        ordered = summaries.newest_first(rows.relation_from_row(r) for r in found)
        return Page(self._evidence(ordered[offset:offset + limit]), len(ordered), limit, offset)

    def events_between(self, a: str, b: str, since: date | None = None, until: date | None = None) -> list[Evidence]:
        """Every evidence of a relation between a and b, both directions, oldest first."""
        filt = RelationFilter(since=since, until=until)
        items = {}
        for row in self._read_about((a, b), cypher.EVIDENCE_BETWEEN, a=a, b=b):
            rel, day = rows.relation_from_row(row)
            if summaries.passes(rel, day, filt):
                items[rel.evidence_id] = (rel, day)
        return self._evidence(summaries.oldest_first(items.values()))

    # -- graph ----------------------------------------------------------------------------------------------

    def shortest_paths(self, source: str, target: str, max_hops: int = 4, limit: int = 5) -> list[GraphPath]:
        """Shortest undirected paths between two entities, at most max_hops long (at most 10)."""
        if max_hops > 10:
            raise InvalidInput(f"max_hops {max_hops} is over 10")
        if source == target or max_hops < 1:
            refs = self._require(source, target)
            return [GraphPath([refs[source]], [])] if source == target else []
        found = self._read_about((source, target), cypher.shortest_paths(max_hops), source=source, target=target,
                                 row_limit=limit)
        if not found:
            return []
        strongest = _strongest_per_pair(self._summaries(found, NO_FILTER))
        refs = {ref.id: ref for s in strongest.values() for ref in (s.subject, s.object)}
        paths = sorted({tuple(r["ids"]) for r in found})[:limit]
        return [GraphPath([refs[n] for n in p], [strongest[frozenset(pair)] for pair in zip(p, p[1:], strict=False)])
                for p in paths]

    def _refs(self, ids: Iterable[str]) -> dict[str, EntityRef]:
        found = self._read(cypher.ENTITY_REFS, ids=list(dict.fromkeys(ids)))
        return {r["id"]: EntityRef(r["id"], r["name"], r["type"]) for r in found}

    def neighbourhood(self, center: str, hops: int = 1, limit: int = 100) -> Subgraph:
        """Entities within hops of center (at most limit nodes) and the relations among them."""
        self._require(center)
        order, seen, front, truncated = [center], {center}, [center], False
        for _ in range(hops):
            nxt = []
            for r in self._read(cypher.NEIGHBOURS, ids=front):
                nb = r["neighbour"]
                if nb in seen:
                    continue
                if len(order) >= limit:
                    truncated = True
                    break
                seen.add(nb)
                order.append(nb)
                nxt.append(nb)
            if truncated or not nxt:
                break
            front = nxt
        refs = self._refs(order)
        edges = self._summaries(self._read(cypher.EVIDENCE_AMONG, ids=order), NO_FILTER)
        return Subgraph([refs[n] for n in order if n in refs], edges, truncated)

    def timeline(self, entity_id: str | None, bucket: Bucket = "month") -> list[tuple[date, int]]:
        """Evidence counts per period (start date of the bucket), for one entity or all."""
        if entity_id is not None:
            found = self._read_about((entity_id,), cypher.TIMELINE_OF, id=entity_id)
        else:
            found = self._read(cypher.TIMELINE_ALL)
        counts: dict[date, int] = {}
        for r in found:
            if r["day"] is not None:
                start = summaries.bucket_start(rows.native(r["day"]), bucket)
                counts[start] = counts.get(start, 0) + r["n"]
        return sorted(counts.items())

    def period_summaries(self, entity_ids: list[str] | None, bucket: Bucket = "month") -> list[PeriodSummary]:
        """Dated evidence per period touching any of the entities (each once), or all: Goldstein mean, quads."""
        if entity_ids is None:
            found = self._read(cypher.PERIODS_ALL)
        else:
            self._require(*entity_ids)
            found = self._read(cypher.PERIODS_OF, ids=list(entity_ids))
        return periods.from_counts(((rows.native(r["day"]), r["goldstein"], r["quad"], r["n"]) for r in found),
                                   bucket)

    def centrality(self, limit: int = 20) -> list[tuple[EntityRef, float]]:
        """The most central actors (degree centrality: distinct relations / (entities - 1))."""
        n = sum(r["n"] for r in self._read(cypher.ENTITY_TYPES))
        scale = 1.0 / (n - 1) if n > 1 else 0.0
        found = self._read(cypher.CENTRALITY, row_limit=limit)
        return [(EntityRef(r["id"], r["name"], r["type"]), r["degree"] * scale) for r in found]

    def counts(self) -> Counts:
        """How many articles, entities, relations and evidence the store holds."""
        articles = self._read(cypher.ARTICLE_TOTALS)[0]
        by_type = {r["type"]: r["n"] for r in self._read(cypher.ENTITY_TYPES)}
        by_predicate = {r["predicate"]: r["n"] for r in self._read(cypher.RELATION_PREDICATES)}
        evidence = self._read(cypher.EVIDENCE_TOTAL)[0]["n"]
        return Counts(articles=articles["n"], entities=sum(by_type.values()), relations=sum(by_predicate.values()),
                      evidence=evidence, entities_by_type=by_type, relations_by_predicate=by_predicate,
                      newest_article=rows.native(articles["newest"]), last_ingest=articles["last_ingest"])
