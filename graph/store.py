"""The GraphStore protocol every store implements, and the value types its queries return."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Literal, Protocol, TypeVar

from geokg.graph.model import Article, ArticleGraph, Entity, Event, Relation

T = TypeVar("T")
Direction = Literal["out", "in", "both"]
Bucket = Literal["day", "week", "month"]


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a longer list: the items, and how many there are in all."""

    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class EntityRef:
    """Enough of an entity to name it in a relation or a path."""

    id: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity as stored: merged across articles, with what the graph knows about it."""

    entity: Entity
    degree: int = 0  # distinct relations (aggregated) touching it
    mention_count: int = 0
    article_count: int = 0
    first_seen: date | None = None
    last_seen: date | None = None


@dataclass(frozen=True, slots=True)
class EntityHit:
    """A search result: the entity and how well it matched (1.0 exact)."""

    entity: Entity
    score: float


@dataclass(frozen=True, slots=True)
class RelationFilter:
    """Filters shared by relation queries; None means no filter."""

    direction: Direction = "both"
    predicate: str | None = None  # lemma, upper case (MEET) or relation type (MET)
    event: str | None = None  # CAMEO code prefix ("04") or PLOVER type ("CONSULT")
    quad_class: int | None = None
    since: date | None = None
    until: date | None = None
    sector: str | None = None  # evidence where either end acted as this sector (SECTORS)
    min_confidence: float | None = None  # evidence at least this confident


@dataclass(frozen=True, slots=True)
class RelationSummary:
    """An aggregated relation (subject, predicate, object) over the evidence matching a query."""

    id: str
    subject: EntityRef
    predicate: str
    type: str  # the relationship type as Neo4j shows it: past tense (MET, IMPOSED)
    object: EntityRef
    event: Event | None
    evidence_count: int
    first_date: date | None = None
    last_date: date | None = None
    themes: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # rolled up (rollup=country): the ids of the stored relations it adds up


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sentence of one article supporting a relation."""

    relation: Relation
    article: Article


@dataclass(frozen=True, slots=True)
class GraphPath:
    """A path between two entities: nodes in order and the relation summaries joining them."""

    nodes: list[EntityRef]
    relations: list[RelationSummary]


@dataclass(frozen=True, slots=True)
class Subgraph:
    """A neighbourhood: nodes and edges, and whether the node cap cut it short."""

    nodes: list[EntityRef]
    edges: list[RelationSummary]
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """One period (the start date of its bucket): how many events, the mean Goldstein of the coded ones."""

    period: date
    events: int
    coded_events: int = 0
    goldstein_mean: float | None = None
    by_quad_class: dict[int, int] = field(default_factory=dict)  # 1 verbal coop .. 4 material conflict


@dataclass(frozen=True, slots=True)
class Counts:
    """How much the store holds."""

    articles: int
    entities: int
    relations: int  # aggregated relations
    evidence: int  # relation occurrences
    entities_by_type: dict[str, int] = field(default_factory=dict)
    relations_by_predicate: dict[str, int] = field(default_factory=dict)
    newest_article: date | None = None
    last_ingest: str | None = None  # ISO timestamp of the last write


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """What an upsert did to one article: created, replaced (changed text) or unchanged.

    same_as names the stored article that already held the same text under another name, URL or source: this one
    was recorded as another location of it (status unchanged), its evidence not stored again.
    """

    article_id: str
    status: Literal["created", "updated", "unchanged"]
    same_as: str | None = None

    @property
    def stored_as(self) -> str:
        """The id of the stored article that holds this one."""
        return self.same_as or self.article_id


class GraphStore(Protocol):
    """The operations the API, the CLI and ingestion need; both stores pass one contract suite."""

    def upsert_articles(self, graphs: Iterable[ArticleGraph]) -> list[UpsertResult]:
        """Store each article's graph atomically; a changed article replaces only its own evidence."""

    def already_stored(self, articles: list[Article]) -> list[UpsertResult]:
        """Of these articles, those storing would not change (same id and content hash, or the same text under
        another id), each recorded as seen at its location; the rest are left out."""

    def delete_article(self, article_id: str) -> None:
        """Remove an article, its evidence, and any relation or entity left with none."""

    def get_article(self, article_id: str) -> Article:
        """The article with its locations, or NotFound."""

    def article_graph(self, article_id: str) -> ArticleGraph:
        """What was extracted from the article, as stored."""

    def list_articles(self, limit: int = 50, offset: int = 0) -> Page[Article]:
        """Articles, newest first."""

    def get_entity(self, entity_id: str) -> EntityRecord:
        """The entity merged across articles, or NotFound."""

    def search_entities(self, q: str, type_: str | None = None, limit: int = 10, offset: int = 0) -> Page[EntityHit]:
        """Entities whose name or an alias matches q, fuzzy, best first."""

    def list_entities(self, type_: str | None = None, limit: int = 50, offset: int = 0) -> Page[EntityRecord]:
        """Entities (of one type, if given), most distinct relations first, ties by id."""

    def members(self, entity_id: str) -> list[Entity]:
        """The entities whose affiliations include this one (a country's people, agencies, forces, places), by id."""

    def top_counterparts(self, entity_id: str, limit: int = 5) -> list[tuple[EntityRef, int]]:
        """The entities this one has most evidence with, and how much."""

    def relations_of(self, entity_id: str, filt: RelationFilter = RelationFilter(), limit: int = 50,
                     offset: int = 0) -> Page[RelationSummary]:
        """Aggregated relations touching the entity, most evidence first."""

    def find_relations(self, subject: str | None = None, object_: str | None = None,
                       filt: RelationFilter = RelationFilter(), limit: int = 50,
                       offset: int = 0) -> Page[RelationSummary]:
        """Aggregated relations matching a (subject, predicate, object) pattern; ids, any part omitted."""

    def evidence(self, relation_id: str, limit: int = 50, offset: int = 0) -> Page[Evidence]:
        """The sentences supporting a relation, newest first; NotFound for an unknown relation."""

    def events_between(self, a: str, b: str, since: date | None = None,
                       until: date | None = None) -> list[Evidence]:
        """Every evidence of a relation between a and b, both directions, oldest first."""

    def shortest_paths(self, source: str, target: str, max_hops: int = 4, limit: int = 5) -> list[GraphPath]:
        """Shortest undirected paths between two entities, at most max_hops long."""

    def neighbourhood(self, center: str, hops: int = 1, limit: int = 100) -> Subgraph:
        """Entities within hops of center (at most limit nodes) and the relations among them."""

    def timeline(self, entity_id: str | None, bucket: Bucket = "month") -> list[tuple[date, int]]:
        """Evidence counts per period (start date of the bucket), for one entity or all."""

    def period_summaries(self, entity_ids: list[str] | None, bucket: Bucket = "month") -> list[PeriodSummary]:
        """Dated evidence per period touching any of the entities (each once), or all: Goldstein mean, quads."""

    def centrality(self, limit: int = 20) -> list[tuple[EntityRef, float]]:
        """The most central actors (degree centrality on the aggregated graph)."""

    def counts(self) -> Counts:
        """How many articles, entities, relations and evidence the store holds."""

    def close(self) -> None:
        """Release files, locks or connections."""
