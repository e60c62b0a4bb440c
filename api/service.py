"""What the API answers, over the GraphStore protocol only: routes call one of these and return its result."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import replace
from typing import Any, TypeVar

from api import schemas as o
from graph.errors import InvalidInput, KGError, NotFound, StoreError
from graph.model import ArticleGraph, slug
from graph.store import Bucket, Direction, GraphStore, RelationFilter

M = TypeVar("M")


def page_of(item_type: type[M], items: list[M], total: int, limit: int, offset: int) -> o.Page[M]:
    """An HTTP page typed by its items, so FastAPI need not validate it a second time."""
    return o.Page[item_type](items=items, total=total, limit=limit, offset=offset)  # type: ignore[valid-type]


def resolve_entity(store: GraphStore, ref: str) -> o.EntityRefOut:
    """The entity with this id, else the one whose name or an alias is exactly ref (case-insensitive)."""
    try:
        return o.EntityRefOut.of(store.get_entity(ref).entity)
    except NotFound:
        pass
    wanted = ref.strip().casefold()
    for hit in store.search_entities(ref, limit=10).items:
        if wanted in {hit.entity.name.casefold(), *(a.casefold() for a in hit.entity.aliases)}:
            return o.EntityRefOut.of(hit.entity)
    raise NotFound(f"no entity with id or name {ref!r}; search with GET /entities?q=...")


def make_filter(direction: Direction = "both", predicate: str | None = None, event: str | None = None,
                quad_class: int | None = None, since: dt.date | None = None,
                until: dt.date | None = None) -> RelationFilter:
    """A relation filter, or InvalidInput when the date range is empty."""
    if since and until and since > until:
        raise InvalidInput(f"since ({since}) is after until ({until})")
    return RelationFilter(direction=direction, predicate=predicate.upper() if predicate else None,
                          event=event.upper() if event else None, quad_class=quad_class, since=since, until=until)


def search_entities(store: GraphStore, q: str, type_: str | None, limit: int, offset: int) -> o.Page[o.EntityHitOut]:
    """Entities matching q by name or alias, best first."""
    page = store.search_entities(q, type_=type_, limit=limit, offset=offset)
    return page_of(o.EntityHitOut, [o.EntityHitOut.of(h) for h in page.items], page.total, limit, offset)


def entity_detail(store: GraphStore, ref: str, top: int = 5) -> o.EntityDetail:
    """An entity with degree, first and last seen, and its top counterparts."""
    rec = store.get_entity(resolve_entity(store, ref).id)
    counterparts = [o.CounterpartOut(entity=o.EntityRefOut.of(e), evidence_count=n)
                    for e, n in store.top_counterparts(rec.entity.id, limit=top)]
    return o.EntityDetail(**o.EntityOut.of(rec.entity).model_dump(), degree=rec.degree,
                          mention_count=rec.mention_count, article_count=rec.article_count,
                          first_seen=rec.first_seen, last_seen=rec.last_seen, top_counterparts=counterparts)


def relation_page(page: Any, limit: int, offset: int) -> o.Page[o.RelationOut]:
    """A store page of relation summaries as an HTTP page."""
    return page_of(o.RelationOut, [o.RelationOut.of(r) for r in page.items], page.total, limit, offset)


def relations_of(store: GraphStore, ref: str, filt: RelationFilter, limit: int, offset: int) -> o.Page[o.RelationOut]:
    """Aggregated relations touching one entity."""
    entity = resolve_entity(store, ref)
    return relation_page(store.relations_of(entity.id, filt, limit=limit, offset=offset), limit, offset)


def find_relations(store: GraphStore, subject: str | None, object_: str | None, filt: RelationFilter,
                   limit: int, offset: int) -> o.Page[o.RelationOut]:
    """A triple-pattern query; subject and object may be ids or names, any part omitted."""
    s = resolve_entity(store, subject).id if subject else None
    ob = resolve_entity(store, object_).id if object_ else None
    return relation_page(store.find_relations(s, ob, filt, limit=limit, offset=offset), limit, offset)


def evidence(store: GraphStore, relation_id: str, limit: int, offset: int) -> o.Page[o.SourcedEvidenceOut]:
    """The articles and sentences supporting a relation."""
    page = store.evidence(relation_id, limit=limit, offset=offset)
    items = [o.SourcedEvidenceOut.of_evidence(e) for e in page.items]
    return page_of(o.SourcedEvidenceOut, items, page.total, limit, offset)


def month_summary(events: list[o.SourcedEvidenceOut]) -> list[o.MonthOut]:
    """Events per month and their mean Goldstein score; undated events are left out."""
    counts: dict[str, int] = defaultdict(int)
    scores: dict[str, list[float]] = defaultdict(list)
    for ev in events:
        when = ev.date or ev.article.published
        if when is None:
            continue
        key = f"{when.year:04d}-{when.month:02d}"
        counts[key] += 1
        if ev.event is not None:
            scores[key].append(ev.event.goldstein)
    return [o.MonthOut(month=k, events=counts[k], coded_events=len(scores[k]),
                       goldstein_mean=round(sum(scores[k]) / len(scores[k]), 3) if scores[k] else None)
            for k in sorted(counts)]


def dyad(store: GraphStore, a: str, b: str, since: dt.date | None, until: dt.date | None,
         limit: int, offset: int) -> o.DyadOut:
    """Every event between two actors, both directions, with the Goldstein mean per month."""
    make_filter(since=since, until=until)
    ea, eb = resolve_entity(store, a), resolve_entity(store, b)
    events = [o.SourcedEvidenceOut.of_evidence(e) for e in store.events_between(ea.id, eb.id, since, until)]
    page = page_of(o.SourcedEvidenceOut, events[offset:offset + limit], len(events), limit, offset)
    return o.DyadOut(a=ea, b=eb, months=month_summary(events), events=page)


def paths(store: GraphStore, source: str, target: str, max_hops: int, limit: int) -> list[o.PathOut]:
    """Shortest paths between two actors."""
    s, t = resolve_entity(store, source), resolve_entity(store, target)
    return [o.PathOut(hops=len(p.relations), nodes=[o.EntityRefOut.of(n) for n in p.nodes],
                      relations=[o.RelationOut.of(r) for r in p.relations])
            for p in store.shortest_paths(s.id, t.id, max_hops=max_hops, limit=limit)]


def subgraph(store: GraphStore, center: str, hops: int, limit: int) -> o.SubgraphOut:
    """The neighbourhood of an entity, capped at limit nodes."""
    sub = store.neighbourhood(resolve_entity(store, center).id, hops=hops, limit=limit)
    return o.SubgraphOut(nodes=[o.EntityRefOut.of(n) for n in sub.nodes],
                         edges=[o.RelationOut.of(r) for r in sub.edges], truncated=sub.truncated)


def timeline(store: GraphStore, entity: str | None, bucket: Bucket) -> o.TimelineOut:
    """Evidence counts per day, week or month, for one entity or all."""
    ref = resolve_entity(store, entity) if entity else None
    points = [o.TimelinePoint(period=d, count=n) for d, n in store.timeline(ref.id if ref else None, bucket)]
    return o.TimelineOut(entity=ref, bucket=bucket, points=points)


def list_articles(store: GraphStore, limit: int, offset: int) -> o.Page[o.ArticleOut]:
    """Articles, newest first."""
    page = store.list_articles(limit=limit, offset=offset)
    return page_of(o.ArticleOut, [o.ArticleOut.of(a) for a in page.items], page.total, limit, offset)


def article_detail(store: GraphStore, article_id: str) -> o.ArticleDetail:
    """An article and the entities and relations extracted from it."""
    g = store.article_graph(article_id)
    return o.ArticleDetail(article=o.ArticleOut.of(g.article), entities=[o.EntityOut.of(e) for e in g.entities],
                           relations=[o.EvidenceOut.of(r) for r in g.relations], sentences=g.sentences,
                           skipped=g.skipped)


def delete_article(store: GraphStore, article_id: str) -> None:
    """Remove an article and whatever only it supported; NotFound if it is not stored."""
    store.get_article(article_id)
    store.delete_article(article_id)


def ingest_text(store: GraphStore, nlp: Any, body: o.ArticleIn) -> o.IngestOut:
    """Extract one posted text and store it; a text the pipeline cannot use is InvalidInput."""
    from graph.loader import load
    from ingest.pipeline import process
    from ingest.readers import make_raw

    meta = {"title": body.title, "url": body.url, "date": body.date, "source": body.source}
    raw = make_raw(body.text, name=body.title or "posted", meta={k: v for k, v in meta.items() if v})
    if not raw.text:
        raise InvalidInput("text: nothing but white space")
    if not body.url:  # no stable identity: the text itself is the article, so two posts never overwrite each other
        raw = replace(raw, article=replace(raw.article, id=f"{slug(body.title or '')[:48] or 'posted'}-"
                                                          f"{raw.article.content_hash[:10]}"))
    graphs = []
    for item in process([raw], nlp):
        if not isinstance(item, ArticleGraph):
            raise InvalidInput(str(getattr(item, "reason", item)))
        graphs.append(item)
    report = load(graphs, store)
    if report.failures or not report.results:
        raise StoreError(report.failures[0].reason if report.failures else "the store did not take the article")
    g, result = graphs[0], report.results[0]
    return o.IngestOut(article_id=result.article_id, status=result.status, entities=len(g.entities),
                       relations=len(g.relations))


def stats(store: GraphStore) -> o.StatsOut:
    """Counts by type, newest article, last ingest."""
    return o.StatsOut.of(store.counts())


def store_kind(store: GraphStore) -> str:
    """'neo4j' for a store with a driver, else 'embedded'."""
    return "neo4j" if hasattr(store, "driver") else "embedded"


def health(store: GraphStore, pipeline_loaded: bool) -> o.HealthOut:
    """The store answers a count query; StoreError (503) if it does not."""
    try:
        store.counts()
    except KGError:
        raise
    except Exception as e:  # a dead server surfaces as driver or OS errors; health must say so, not crash
        raise StoreError(f"the {store_kind(store)} store does not answer: {e}") from None
    return o.HealthOut(status="ok", store=store_kind(store), store_reachable=True, pipeline_loaded=pipeline_loaded)


# --- Read-only Cypher, on the Neo4j store only --------------------------------------------------------------
# Layers, because Neo4j's read mode alone is not access control: a textual guard (no LOAD CSV, USE, write or
# admin clauses, CALL only to allowlisted read procedures, namespaced functions only from built-in namespaces),
# then EXPLAIN must report query type "r", then the query runs in a read transaction with the caller's
# parameters, a time limit and a row cap. It receives the Neo4j store's `.driver` and `.database`.

CYPHER_TIMEOUT_S = 10.0
READ_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.index.fulltext.querynodes",
    "db.index.fulltext.queryrelationships", "db.schema.visualization", "db.schema.nodetypeproperties",
    "db.schema.reltypeproperties",
})
FUNCTION_NAMESPACES = frozenset({"date", "datetime", "localdatetime", "localtime", "time", "duration", "point",
                                 "vector"})
WRITE_CLAUSES = ("CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "ALTER", "GRANT", "DENY",
                 "REVOKE", "TERMINATE", "FOREACH", "SHOW", "ENABLE", "DEALLOCATE", "REALLOCATE")
_HIDDEN = re.compile(r"""'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:``|[^`])*`|//[^\n]*|/\*.*?\*/""", re.S)
_NAME = r"[A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*"
_CALL = re.compile(rf"\bCALL\b\s*({_NAME})?", re.I)
_FUNCTION = re.compile(rf"(?<![\w.$])({_NAME})\s*\(", re.I)
_WRITE = re.compile(rf"(?<![\w.$])({'|'.join(WRITE_CLAUSES)})\b", re.I)


class CypherRefused(KGError):
    """A Cypher query that the read-only guard will not run."""

    status = 400
    title = "Cypher query refused"


def visible_cypher(query: str) -> str:
    """The query with strings, quoted names and comments blanked: what is left is what Neo4j parses as code."""
    return _HIDDEN.sub(lambda mt: " " if mt.group().startswith("/") else "''", query)


def guard_cypher(query: str) -> None:
    """Refuse, by its text, a query that could write, load files, switch database or call unsafe procedures."""
    code = visible_cypher(query)
    if re.search(r"\bLOAD\s+CSV\b", code, re.I):
        raise CypherRefused("LOAD CSV is not allowed: the API does not read files or URLs")
    if re.search(r"(?<![\w.$])USE\b", code, re.I):
        raise CypherRefused("USE is not allowed: queries run on the configured database only")
    if re.match(r"\s*(EXPLAIN|PROFILE|CYPHER)\b", code, re.I):
        raise CypherRefused("EXPLAIN, PROFILE and CYPHER options are not allowed: send the bare query")
    if ";" in code.strip().rstrip(";"):
        raise CypherRefused("send one statement (no ';' between statements)")
    if found := _WRITE.search(code):
        raise CypherRefused(f"{found.group(1).upper()} is not allowed: this endpoint only reads")
    for call in _CALL.finditer(code):
        name = re.sub(r"\s+", "", call.group(1) or "")
        if name.casefold() not in READ_PROCEDURES:
            allowed = ", ".join(sorted(READ_PROCEDURES))
            raise CypherRefused(f"CALL {name or '{...}'} is not allowed; only these procedures are: {allowed}")
    if re.search(r"''\s*[.(]", code):
        raise CypherRefused("quoted names may not be called or used as a namespace: write procedure and function "
                            "names plainly")
    for fn in _FUNCTION.finditer(_CALL.sub(" ", code)):
        name = re.sub(r"\s+", "", fn.group(1))
        if "." in name and name.split(".")[0].casefold() not in FUNCTION_NAMESPACES:
            raise CypherRefused(f"function {name}() is not allowed: only built-in functions may be called")


def cypher_value(value: Any) -> Any:
    """A Neo4j result value as JSON: nodes, relationships and paths as objects, temporals as ISO text."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"element_id": value.element_id, "labels": sorted(value.labels),
                "properties": {k: cypher_value(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"element_id": value.element_id, "type": value.type,
                "start": value.start_node.element_id if value.start_node else None,
                "end": value.end_node.element_id if value.end_node else None,
                "properties": {k: cypher_value(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [cypher_value(n) for n in value.nodes],
                "relationships": [cypher_value(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {str(k): cypher_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [cypher_value(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def run_read_cypher(driver: Any, database: str, query: str, parameters: dict[str, Any], limit: int,
                    timeout: float = CYPHER_TIMEOUT_S) -> o.CypherOut:
    """Run a guarded read-only query: text guard, EXPLAIN type 'r', read transaction, time limit, row cap."""
    import neo4j
    from neo4j.exceptions import ClientError, DriverError, Neo4jError

    guard_cypher(query)
    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
            kind = session.execute_read(_explain_type, query, parameters, timeout)
            if kind != "r":
                raise CypherRefused(f"EXPLAIN says this query is of type {kind!r}; only read queries ('r') run")
            return session.execute_read(_fetch_rows, query, parameters, limit, timeout)
    except ClientError as e:
        raise InvalidInput(f"Neo4j refused the query: {e}") from None
    except (Neo4jError, DriverError) as e:
        raise StoreError(f"Neo4j could not run the query: {e}") from None


def _explain_type(tx: Any, query: str, parameters: dict[str, Any], timeout: float) -> str:
    import neo4j

    return tx.run(neo4j.Query("EXPLAIN " + query, timeout=timeout), parameters).consume().query_type


def _fetch_rows(tx: Any, query: str, parameters: dict[str, Any], limit: int, timeout: float) -> o.CypherOut:
    import neo4j

    result = tx.run(neo4j.Query(query, timeout=timeout), parameters)
    rows: list[list[Any]] = []
    truncated = False
    for record in result:
        if len(rows) == limit:
            truncated = True
            break
        rows.append([cypher_value(v) for v in record.values()])
    return o.CypherOut(columns=list(result.keys()), rows=rows, truncated=truncated)
