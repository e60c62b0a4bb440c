"""The HTTP shapes: pydantic models converted from the frozen domain dataclasses, with examples for /docs."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from geokg.graph import model as m
from geokg.graph import store as s

T = TypeVar("T")

ZARIF = {"id": "person:mohammad-javad-zarif", "name": "Mohammad Javad Zarif", "type": "PERSON"}
TILLERSON = {"id": "person:rex-tillerson", "name": "Rex Tillerson", "type": "PERSON"}
MEET = {"cameo": "040", "plover": "CONSULT", "goldstein": 1.0, "quad_class": 1, "label": "Consult"}


def examples(*items: dict[str, Any]) -> ConfigDict:
    """Model config carrying examples that /docs shows."""
    return ConfigDict(json_schema_extra={"examples": list(items)})


class Problem(BaseModel):
    """An error, as RFC 9457 problem JSON."""

    model_config = examples({"type": "urn:geokg:problem:not-found", "title": "Not found", "status": 404,
                             "detail": "no entity with id or name 'person:nobody'", "instance": "/entities/x"})
    type: str
    title: str
    status: int
    detail: str
    instance: str = ""
    errors: list[dict[str, Any]] | None = Field(None, description="For 422: each invalid input")


class Page(BaseModel, Generic[T]):
    """One page of a list: the items, the total across all pages, and the window asked for."""

    items: list[T]
    total: int = Field(description="How many items match in all")
    limit: int
    offset: int


class EntityRefOut(BaseModel):
    """An entity named in a relation, path or subgraph."""

    model_config = examples(ZARIF)
    id: str
    name: str
    type: str

    @classmethod
    def of(cls, ref: s.EntityRef | m.Entity) -> EntityRefOut:
        return cls(id=ref.id, name=ref.name, type=ref.type)


class EventOut(BaseModel):
    """How an event is coded: CAMEO code, PLOVER type, Goldstein score (-10 conflict .. +10 cooperation)."""

    model_config = examples(MEET)
    cameo: str
    plover: str
    goldstein: float
    quad_class: int = Field(description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                                        "4 material conflict")
    label: str = ""

    @classmethod
    def of(cls, event: m.Event | None) -> EventOut | None:
        if event is None:
            return None
        return cls(cameo=event.cameo, plover=event.plover, goldstein=event.goldstein,
                   quad_class=event.quad_class, label=event.label)


class EntityOut(BaseModel):
    """A canonical actor, place or agreement."""

    model_config = examples({**ZARIF, "aliases": ["Zarif", "Javad Zarif"], "iso": None,
                             "roles": ["Foreign Minister"], "affiliations": ["country:IRN"]})
    id: str
    name: str
    type: str
    aliases: list[str] = []
    iso: str | None = None
    roles: list[str] = []
    affiliations: list[str] = Field([], description="Ids of entities this one belongs to or acts for")

    @classmethod
    def of(cls, e: m.Entity) -> EntityOut:
        return cls(id=e.id, name=e.name, type=e.type, aliases=list(e.aliases), iso=e.iso, roles=list(e.roles),
                   affiliations=list(e.affiliations))


class EntityHitOut(BaseModel):
    """A search result and how well it matched (1.0 exact), or, listing without q, an entity and its degree."""

    model_config = examples({"entity": {**ZARIF, "aliases": ["Zarif"], "iso": None, "roles": ["Foreign Minister"],
                                        "affiliations": ["country:IRN"]}, "score": 1.0, "degree": None})
    entity: EntityOut
    score: float | None = Field(None, description="1.0 exact name, alias or code; 0.9.. prefix; below fuzzy; "
                                                  "null when listing without q")
    degree: int | None = Field(None, description="Distinct relations touching it (when listing without q)")

    @classmethod
    def of(cls, hit: s.EntityHit) -> EntityHitOut:
        return cls(entity=EntityOut.of(hit.entity), score=hit.score)

    @classmethod
    def listed(cls, rec: s.EntityRecord) -> EntityHitOut:
        return cls(entity=EntityOut.of(rec.entity), degree=rec.degree)


class CounterpartOut(BaseModel):
    """An entity this one has evidence with, and how much."""

    entity: EntityRefOut
    evidence_count: int


class EntityDetail(EntityOut):
    """An entity merged across articles: degree, when it was seen, who it deals with most."""

    model_config = examples({**ZARIF, "aliases": ["Zarif"], "roles": ["Foreign Minister"],
                             "affiliations": ["country:IRN"], "degree": 3, "mention_count": 4, "article_count": 1,
                             "first_seen": "2017-10-09", "last_seen": "2017-10-09",
                             "top_counterparts": [{"entity": TILLERSON, "evidence_count": 1}]})
    degree: int = Field(description="Distinct relations touching the entity")
    mention_count: int
    article_count: int
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    top_counterparts: list[CounterpartOut] = []


class RelationOut(BaseModel):
    """An aggregated relation (subject, predicate, object) and the evidence behind it."""

    model_config = examples({"id": "r1f0c3a6a9d2b7e41", "subject": ZARIF, "predicate": "MEET", "type": "MET",
                             "object": TILLERSON, "event": MEET, "evidence_count": 1, "first_date": "2017-09-20",
                             "last_date": "2017-09-20", "themes": [], "parts": []})
    id: str
    subject: EntityRefOut
    predicate: str = Field(description="Verb lemma in upper case")
    type: str = Field(description="Relationship type as Neo4j shows it (past tense)")
    object: EntityRefOut
    event: EventOut | None
    evidence_count: int
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    themes: list[str] = []
    parts: list[str] = Field([], description="Rolled up (rollup=country): ids of the stored relations it adds "
                                             "up; their evidence is at /relations/{id}/evidence")

    @classmethod
    def of(cls, r: s.RelationSummary) -> RelationOut:
        return cls(id=r.id, subject=EntityRefOut.of(r.subject), predicate=r.predicate, type=r.type,
                   object=EntityRefOut.of(r.object), event=EventOut.of(r.event), evidence_count=r.evidence_count,
                   first_date=r.first_date, last_date=r.last_date, themes=list(r.themes), parts=list(r.parts))


class LocationOut(BaseModel):
    """One place an article's text was found: a URL or file path ("posted" for a text posted without a URL)."""

    where: str
    source: str | None = None
    first_seen: str
    last_seen: str


class ArticleOut(BaseModel):
    """A news article's metadata, and every place its text was found (first seen first)."""

    model_config = examples({"id": "iran-missile-talks-3f9a1c2b7d", "title": "Iran open to missile talks",
                             "url": "https://example.org/iran", "source": "Example News", "published": "2017-10-09",
                             "content_hash": "9c1e...", "language": "en"})
    id: str
    title: str
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    content_hash: str
    language: str
    locations: list[LocationOut] = []

    @classmethod
    def of(cls, a: m.Article) -> ArticleOut:
        return cls(id=a.id, title=a.title, url=a.url, source=a.source, published=a.published,
                   content_hash=a.content_hash, language=a.language,
                   locations=[LocationOut(where=x.where, source=x.source, first_seen=x.first_seen,
                                          last_seen=x.last_seen) for x in a.locations])


class EvidenceOut(BaseModel):
    """One sentence of one article saying subject-predicate-object."""

    evidence_id: str
    relation_id: str
    subject: str
    predicate: str
    object: str
    article_id: str
    sentence: int
    start: int
    end: int
    text: str = Field(description="The sentence")
    theme: str | None = None
    preposition: str | None = None
    verb_phrase: str = ""
    event: EventOut | None = None
    negated: bool = False
    hypothetical: bool = False
    reported: bool = False
    attributed_to: str | None = None
    confidence: float
    date: dt.date | None = None

    @classmethod
    def of(cls, r: m.Relation) -> EvidenceOut:
        return cls(evidence_id=r.evidence_id, relation_id=r.id, subject=r.subject, predicate=r.predicate,
                   object=r.object, article_id=r.article_id, sentence=r.sentence, start=r.start, end=r.end,
                   text=r.text, theme=r.theme, preposition=r.preposition, verb_phrase=r.verb_phrase,
                   event=EventOut.of(r.event), negated=r.negated, hypothetical=r.hypothetical, reported=r.reported,
                   attributed_to=r.attributed_to, confidence=r.confidence, date=r.date)


class SourcedEvidenceOut(EvidenceOut):
    """Evidence with the article it comes from."""

    article: ArticleOut

    @classmethod
    def of_evidence(cls, ev: s.Evidence) -> SourcedEvidenceOut:
        return cls(**EvidenceOut.of(ev.relation).model_dump(), article=ArticleOut.of(ev.article))


class ArticleDetail(BaseModel):
    """An article and what was extracted from it."""

    article: ArticleOut
    entities: list[EntityOut]
    relations: list[EvidenceOut]
    sentences: int
    skipped: str | None = Field(None, description="Why nothing was extracted, if so")


class ArticleIn(BaseModel):
    """A text to ingest now, with its metadata."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "Iranian Foreign Minister Mohammad Javad Zarif met US Secretary of State Rex Tillerson in New York.",
        "title": "Zarif meets Tillerson", "url": "https://example.org/zarif-tillerson", "date": "2017-09-20"}]})
    text: str = Field(min_length=1, pattern=r"\S", description="The article's plain text (not only white space)")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000, description="Its URL; the article id is derived from it")
    date: dt.date | None = Field(None, description="Publication date")
    source: str | None = Field(None, max_length=200, description="Publisher")


class IngestOut(BaseModel):
    """What ingesting one text did."""

    article_id: str
    status: Literal["created", "updated", "unchanged"]
    entities: int
    relations: int = Field(description="Evidence sentences extracted")


class JobOut(BaseModel):
    """A long text ingested in the background: poll status_url until status is done or failed."""

    job_id: str
    status: Literal["queued", "running", "done", "failed"]
    status_url: str
    result: IngestOut | None = Field(None, description="What ingesting did, once done")
    error: str | None = Field(None, description="Why it failed, if it did")

    @classmethod
    def of(cls, job: Any) -> JobOut:
        return cls(job_id=job.id, status=job.status, status_url=f"/articles/jobs/{job.id}", result=job.result,
                   error=job.error)


class MonthOut(BaseModel):
    """One month of a dyad: how many events and their average Goldstein score."""

    month: str = Field(pattern=r"^\d{4}-\d{2}$", examples=["2017-09"])
    events: int
    coded_events: int = Field(description="Events with a Goldstein score")
    goldstein_mean: float | None = Field(description="Above 0 cooperation, below 0 conflict; null if none coded")


class DyadOut(BaseModel):
    """All events between two actors (both directions) over time."""

    a: EntityRefOut
    b: EntityRefOut
    months: list[MonthOut]
    events: Page[SourcedEvidenceOut]


class PathOut(BaseModel):
    """A path: entities in order and the relations joining them."""

    hops: int
    nodes: list[EntityRefOut]
    relations: list[RelationOut]


class SubgraphOut(BaseModel):
    """A neighbourhood as nodes and edges; truncated when the node cap cut it short."""

    nodes: list[EntityRefOut]
    edges: list[RelationOut]
    truncated: bool


class TimelinePoint(BaseModel):
    """Events in one period (its first day): how many, the mean Goldstein of the coded ones, counts per quad class."""

    model_config = examples({"period": "2017-10-01", "count": 3, "coded_events": 3, "goldstein_mean": -6.0,
                             "by_quad_class": {"3": 1, "4": 2}})
    period: dt.date
    count: int
    coded_events: int = Field(0, description="Events with a CAMEO code (and so a Goldstein score)")
    goldstein_mean: float | None = Field(None, description="Above 0 cooperation, below 0 conflict; null if none coded")
    by_quad_class: dict[str, int] = Field({}, description="Events per quad class: 1 verbal cooperation, 2 material "
                                                          "cooperation, 3 verbal conflict, 4 material conflict")


class TimelineOut(BaseModel):
    """Event counts over time, for one entity or the whole graph."""

    entity: EntityRefOut | None
    bucket: Literal["day", "week", "month"]
    points: list[TimelinePoint]


class StatsOut(BaseModel):
    """How much the graph holds."""

    model_config = examples({"articles": 1, "entities": 12, "relations": 9, "evidence": 10,
                             "entities_by_type": {"PERSON": 5, "COUNTRY": 7}, "relations_by_predicate": {"MEET": 1},
                             "newest_article": "2017-10-09", "last_ingest": "2026-11-28T00:30:00+00:00"})
    articles: int
    entities: int
    relations: int = Field(description="Aggregated relations")
    evidence: int = Field(description="Relation occurrences (sentences)")
    entities_by_type: dict[str, int]
    relations_by_predicate: dict[str, int]
    newest_article: dt.date | None
    last_ingest: str | None

    @classmethod
    def of(cls, c: s.Counts) -> StatsOut:
        return cls(articles=c.articles, entities=c.entities, relations=c.relations, evidence=c.evidence,
                   entities_by_type=dict(c.entities_by_type), relations_by_predicate=dict(c.relations_by_predicate),
                   newest_article=c.newest_article, last_ingest=c.last_ingest)


class HealthOut(BaseModel):
    """Whether the service can answer: the store is reachable, and whether the NLP pipeline is loaded."""

    status: Literal["ok"]
    store: str
    store_reachable: bool
    pipeline_loaded: bool = Field(description="False until the first POST /articles loads it")


class CypherIn(BaseModel):
    """A read-only Cypher query and its parameters (values go in parameters, never in the text)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "query": "MATCH (a:Entity {id: $id})-[r]->(b:Entity) RETURN a.name, type(r), b.name LIMIT 10",
        "parameters": {"id": "person:mohammad-javad-zarif"}}]})
    query: str = Field(min_length=1, max_length=20_000)
    parameters: dict[str, Any] = {}
    limit: int = Field(1000, ge=1, le=1000, description="Most rows returned")


class CypherOut(BaseModel):
    """A Cypher result: column names and rows (nodes and relationships as objects)."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = Field(description="True when the row cap cut the result")
