"""What the API answers, over the GraphStore protocol only: routes call one of these and return its result."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, TypeVar

from geokg.api import schemas as o
from geokg.graph.errors import InvalidInput, KGError, NotFound, StoreError
from geokg.graph.model import ArticleGraph
from geokg.graph.store import Bucket, Direction, GraphStore, RelationFilter

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
    from geokg.graph.loader import load
    from geokg.ingest.pipeline import process
    from geokg.ingest.readers import make_raw

    meta = {"title": body.title, "url": body.url, "date": body.date, "source": body.source}
    # identity from the URL, else from the text: never the title, so a retitled post updates the same article
    raw = make_raw(body.text, name="posted", meta={k: v for k, v in meta.items() if v})
    if not raw.text:
        raise InvalidInput("text: nothing but white space")
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
