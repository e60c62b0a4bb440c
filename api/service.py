"""What the API answers, over the GraphStore protocol only: routes call one of these and return its result."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeVar

from geokg.api import schemas as o
from geokg.graph import lookup, periods
from geokg.graph import rollup as rollups
from geokg.graph.errors import InvalidInput, KGError, StoreError
from geokg.graph.model import ArticleGraph
from geokg.graph.store import Bucket, Direction, Evidence, GraphStore, Page, RelationFilter

Rollup = Literal["country"] | None  # roll people, agencies, forces and places up to their country
PATHS_CAP = 50  # shortest paths looked for per query; a page's total counts those found

M = TypeVar("M")


def page_of(item_type: type[M], items: list[M], total: int, limit: int, offset: int) -> o.Page[M]:
    """An HTTP page typed by its items, so FastAPI need not validate it a second time."""
    return o.Page[item_type](items=items, total=total, limit=limit, offset=offset)  # type: ignore[valid-type]


def resolve_entity(store: GraphStore, ref: str) -> o.EntityRefOut:
    """The entity with this id, else the one an exact name, alias, ISO code or abbreviation names ("UK")."""
    return o.EntityRefOut.of(lookup.resolve(store, ref))


def make_filter(direction: Direction = "both", predicate: str | None = None, event: str | None = None,
                quad_class: int | None = None, since: dt.date | None = None,
                until: dt.date | None = None, min_confidence: float | None = None,
                sector: str | None = None) -> RelationFilter:
    """A relation filter, or InvalidInput when the date range is empty."""
    if since and until and since > until:
        raise InvalidInput(f"since ({since}) is after until ({until})")
    return RelationFilter(direction=direction, predicate=predicate.upper() if predicate else None,
                          event=event.upper() if event else None, quad_class=quad_class, since=since, until=until,
                          min_confidence=min_confidence, sector=sector)


def search_entities(store: GraphStore, q: str | None, type_: str | None, limit: int,
                    offset: int) -> o.Page[o.EntityHitOut]:
    """Entities matching q (exact or code, prefix, fuzzy), best first; without q, every entity by degree."""
    if q is None:
        listed = store.list_entities(type_=type_, limit=limit, offset=offset)
        return page_of(o.EntityHitOut, [o.EntityHitOut.listed(r) for r in listed.items], listed.total, limit, offset)
    page = lookup.find_entities(store, q, type_=type_, limit=limit, offset=offset)
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


def relations_of(store: GraphStore, ref: str, filt: RelationFilter, limit: int, offset: int,
                 rollup: Rollup = None) -> o.Page[o.RelationOut]:
    """Aggregated relations touching one entity (and, rolled up to countries, its members)."""
    entity = resolve_entity(store, ref)
    return relation_page(rollups.relations_of(store, entity.id, filt, limit, offset, rollup), limit, offset)


def find_relations(store: GraphStore, subject: str | None, object_: str | None, filt: RelationFilter,
                   limit: int, offset: int, rollup: Rollup = None) -> o.Page[o.RelationOut]:
    """A triple-pattern query; subject and object may be ids or names, any part omitted; rolled up on request."""
    s = resolve_entity(store, subject).id if subject else None
    ob = resolve_entity(store, object_).id if object_ else None
    if not rollup:
        return relation_page(store.find_relations(s, ob, filt, limit=limit, offset=offset), limit, offset)
    up = rollups.Rollup(store)
    ids = set(up.group(s)) if s else set(up.group(ob)) if ob else None
    rolled = up.relations(periods.relations_touching(store, ids, filt))
    found = [r for r in rolled if (not s or r.subject.id == s) and (not ob or r.object.id == ob)]
    return relation_page(Page(found[offset:offset + limit], len(found), limit, offset), limit, offset)


def evidence(store: GraphStore, relation_id: str, limit: int, offset: int) -> o.Page[o.SourcedEvidenceOut]:
    """The articles and sentences supporting a relation."""
    page = store.evidence(relation_id, limit=limit, offset=offset)
    items = [o.SourcedEvidenceOut.of_evidence(e) for e in page.items]
    return page_of(o.SourcedEvidenceOut, items, page.total, limit, offset)


def month_summary(events: list[Evidence]) -> list[o.MonthOut]:
    """Events per month and their mean Goldstein score; undated events are left out."""
    return [o.MonthOut(month=p.period.strftime("%Y-%m"), events=p.events, coded_events=p.coded_events,
                       goldstein_mean=p.goldstein_mean) for p in periods.summarize(events, "month")]


def dyad(store: GraphStore, a: str, b: str, since: dt.date | None, until: dt.date | None,
         limit: int, offset: int, rollup: Rollup = None) -> o.DyadOut:
    """Every event between two actors (rolled up: their countries), both directions, Goldstein mean per month."""
    make_filter(since=since, until=until)
    ea, eb = resolve_entity(store, a), resolve_entity(store, b)
    found = rollups.events_between(store, ea.id, eb.id, since, until, rollup)
    events = [o.SourcedEvidenceOut.of_evidence(e) for e in found[offset:offset + limit]]
    page = page_of(o.SourcedEvidenceOut, events, len(found), limit, offset)
    return o.DyadOut(a=ea, b=eb, months=month_summary(found), events=page)


def paths(store: GraphStore, source: str, target: str, max_hops: int, limit: int,
          offset: int = 0) -> o.Page[o.PathOut]:
    """Shortest paths between two actors, paged like every other list."""
    s, t = resolve_entity(store, source), resolve_entity(store, target)
    found = store.shortest_paths(s.id, t.id, max_hops=max_hops, limit=max(PATHS_CAP, offset + limit))
    items = [o.PathOut(hops=len(p.relations), nodes=[o.EntityRefOut.of(n) for n in p.nodes],
                       relations=[o.RelationOut.of(r) for r in p.relations]) for p in found[offset:]]
    return page_of(o.PathOut, items, len(found), limit, offset)


def subgraph(store: GraphStore, center: str, hops: int, limit: int) -> o.SubgraphOut:
    """The neighbourhood of an entity, capped at limit nodes."""
    sub = store.neighbourhood(resolve_entity(store, center).id, hops=hops, limit=limit)
    return o.SubgraphOut(nodes=[o.EntityRefOut.of(n) for n in sub.nodes],
                         edges=[o.RelationOut.of(r) for r in sub.edges], truncated=sub.truncated)


def timeline(store: GraphStore, entity: str | None, bucket: Bucket, rollup: Rollup = None) -> o.TimelineOut:
    """Events per period with the Goldstein mean and counts per quad class, for one entity (or country) or all."""
    ref = resolve_entity(store, entity) if entity else None
    points = [o.TimelinePoint(period=p.period, count=p.events, coded_events=p.coded_events,
                              goldstein_mean=p.goldstein_mean, by_quad_class={str(q): n for q, n in
                                                                              p.by_quad_class.items()})
              for p in rollups.timeline(store, ref.id if ref else None, bucket, rollup)]
    return o.TimelineOut(entity=ref, bucket=bucket, points=points)


def list_articles(store: GraphStore, limit: int, offset: int) -> o.Page[o.ArticleOut]:
    """Articles, newest first."""
    page = store.list_articles(limit=limit, offset=offset)
    return page_of(o.ArticleOut, [o.ArticleOut.of(a) for a in page.items], page.total, limit, offset)


def article_detail(store: GraphStore, article_id: str) -> o.ArticleDetail:
    """An article and the entities and relations extracted from it."""
    g = store.article_graph(article_id)
    article = o.ArticleOut.of(store.get_article(article_id))  # with its locations
    return o.ArticleDetail(article=article, entities=[o.EntityOut.of(e) for e in g.entities],
                           relations=[o.EvidenceOut.of(r) for r in g.relations], sentences=g.sentences,
                           skipped=g.skipped)


def delete_article(store: GraphStore, article_id: str) -> None:
    """Remove an article and whatever only it supported; NotFound if it is not stored."""
    store.get_article(article_id)
    store.delete_article(article_id)


def ingest_text(store: GraphStore, nlp: Any, body: o.ArticleIn) -> o.IngestOut:
    """Extract one posted text and store it (a text the store already holds is not parsed again, and another URL
    of it is listed as one more location); a text the pipeline cannot use is InvalidInput."""
    from geokg.graph.loader import load_new
    from geokg.ingest.pipeline import process
    from geokg.ingest.readers import make_raw

    meta = {"title": body.title, "url": body.url, "date": body.date, "source": body.source}
    # identity from the URL, else from the text: never the title, so a retitled post updates the same article
    raw = make_raw(body.text, name="posted", meta={k: v for k, v in meta.items() if v})
    if not raw.text:
        raise InvalidInput("text: nothing but white space")
    graphs: list[ArticleGraph] = []

    def parse(raws):
        for item in process(raws, nlp):
            if not isinstance(item, ArticleGraph):
                raise InvalidInput(str(getattr(item, "reason", item)))
            graphs.append(item)
            yield item

    report = load_new([raw], store, parse)
    if report.failures or not report.results:
        raise StoreError(report.failures[0].reason if report.failures else "the store did not take the article")
    result = report.results[0]
    if graphs:
        entities, relations = len(graphs[0].entities), len(graphs[0].relations)
    else:  # held already: what the stored article gave
        stored = store.article_graph(result.stored_as)
        entities, relations = len(stored.entities), len(stored.relations)
    return o.IngestOut(article_id=result.stored_as, status=result.status, entities=entities, relations=relations)


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
