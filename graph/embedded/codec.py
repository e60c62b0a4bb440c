"""ArticleGraph <-> plain tuples, and a pickle loader that refuses every class (so a data file cannot run code)."""

from __future__ import annotations

import io
import pickle
from datetime import date
from sys import intern

from geokg.graph.model import Article, ArticleGraph, Entity, Event, Mention, Relation

PROTOCOL = 5
# Positions in an encoded relation (see _relation_to_tuple) that queries read without decoding it.
ARTICLE, THEME, EVENT, CONFIDENCE, DATE = 3, 8, 11, 16, 17
SECTORS = slice(18, 20)  # subject and object sector; absent from relations stored before sectors


class _PlainUnpickler(pickle.Unpickler):
    """Loads only built-in containers and scalars; any class reference is a corrupt or foreign file."""

    def find_class(self, module: str, name: str):  # noqa: D102 - pickle hook
        raise pickle.UnpicklingError(f"unexpected class {module}.{name}")


def dumps(value: object) -> bytes:
    """Plain tuples to bytes."""
    return pickle.dumps(value, protocol=PROTOCOL)


def loads(data: bytes) -> object:
    """Bytes to plain tuples; raises pickle.UnpicklingError (or ValueError etc.) on anything else."""
    return _PlainUnpickler(io.BytesIO(data)).load()


def _day(d: date | None) -> int | None:
    return d.toordinal() if d is not None else None


def _date(n: int | None) -> date | None:
    return date.fromordinal(n) if n is not None else None


def graph_to_tuple(g: ArticleGraph) -> tuple:
    """An ArticleGraph as nested tuples of scalars."""
    a = g.article
    article = (a.id, a.title, a.url, a.source, _day(a.published), a.content_hash, a.path, a.language)
    entities = _entities_to_tuple(g.entities)
    mentions = tuple((m.entity_id, m.text, m.sentence, m.start, m.end, m.sector) for m in g.mentions)
    relations = tuple(_relation_to_tuple(r) for r in g.relations)
    return article, entities, mentions, relations, g.sentences, g.skipped


def _entities_to_tuple(entities: tuple[Entity, ...]) -> tuple:
    return tuple((e.id, e.name, e.type, e.aliases, e.iso, e.roles, e.affiliations) for e in entities)


def _without_entities(t: tuple) -> tuple:
    """An encoded graph without its entities, which StoredArticle keeps decoded (shared between articles)."""
    return (t[0], None, *t[2:])


_EVENT_TUPLES: dict[Event, tuple] = {}  # one encoding per distinct event: stored articles keep these tuples


def _event_to_tuple(ev: Event) -> tuple:
    t = _EVENT_TUPLES.get(ev)
    if t is None:
        t = (ev.cameo, ev.plover, ev.goldstein, ev.quad_class, ev.label)
        if len(_EVENT_TUPLES) < 100_000:
            _EVENT_TUPLES[ev] = t
    return t


def _relation_to_tuple(r: Relation) -> tuple:
    event = _event_to_tuple(r.event) if r.event is not None else None
    return (r.subject, r.predicate, r.object, r.article_id, r.sentence, r.start, r.end, r.text, r.theme,
            r.preposition, r.verb_phrase, event, r.negated, r.hypothetical, r.reported, r.attributed_to,
            r.confidence, _day(r.date), r.subject_sector, r.object_sector)


def relation_from_tuple(t: tuple, events: dict[tuple, Event] | None = None) -> Relation:
    """The Relation that _relation_to_tuple encoded; events shares one Event per distinct tuple when given."""
    event = None
    if t[11] is not None:
        event = events.get(t[11]) if events is not None else None
        if event is None:
            event = Event(*t[11])
            if events is not None:
                events[t[11]] = event
    return Relation(t[0], t[1], t[2], t[3], *t[4:11], event, *t[12:17], _date(t[17]), *t[SECTORS])


class StoredArticle:
    """An article as the embedded store keeps it: metadata and entities decoded, the rest as encoded tuples.

    Relations stay tuples until a query returns them (see graph()), because building millions of frozen
    dataclasses was most of the time it took to reopen a big store.
    """

    __slots__ = ("article", "entities", "raw", "_graph")

    def __init__(self, article: Article, entities: tuple[Entity, ...], raw: tuple,
                 graph: ArticleGraph | None = None) -> None:
        self.article, self.entities, self.raw, self._graph = article, entities, raw, graph

    @classmethod
    def of(cls, g: ArticleGraph) -> StoredArticle:
        """A graph being written, kept as its encoding (holding on to g too would double the memory per article)."""
        return cls(g.article, g.entities, _without_entities(graph_to_tuple(g)))

    def encoded(self) -> tuple:
        """What graph_to_tuple gives for this article's graph."""
        return (self.raw[0], _entities_to_tuple(self.entities), *self.raw[2:])

    @property
    def relations(self) -> tuple[tuple, ...]:
        """The encoded relations (see _relation_to_tuple: subject, predicate, object, article id, ...)."""
        return self.raw[3]

    @property
    def mentioned(self) -> list[str]:
        """The entity id of each mention."""
        return [m[0] for m in self.raw[2]]

    def graph(self) -> ArticleGraph:
        """The whole ArticleGraph, decoded on first use."""
        if self._graph is None:
            _, _, mentions, relations, sentences, skipped = self.raw
            self._graph = ArticleGraph(self.article, self.entities, tuple(Mention(*m) for m in mentions),
                                       tuple(relation_from_tuple(r) for r in relations), sentences, skipped)
        return self._graph


class Decoder:
    """Rebuilds stored articles from tuples, sharing one object per distinct entity and id string.

    Articles repeat the same entities; sharing them keeps a reopened store as small as the one that was loaded,
    and lets entity merging see "same object" instead of comparing fields.
    """

    def __init__(self) -> None:
        self._entities: dict[tuple, Entity] = {}
        self._events: dict[tuple, tuple] = {}

    def stored(self, t: tuple) -> StoredArticle:
        """The StoredArticle of what graph_to_tuple encoded (relations left encoded, sharing ids and events)."""
        article, entities, mentions, relations, sentences, skipped = t
        a = Article(intern(article[0]), *article[1:4], _date(article[4]), *article[5:])
        aid, event = a.id, self._event
        # Unpickled, every relation has its own copies of the ids and its event; shared, a reopened store
        # takes about as much memory as the one that was written.
        relations = tuple((intern(r[0]), intern(r[1]), intern(r[2]), aid, *r[4:11], event(r[11]), *r[12:])
                          for r in relations)
        raw = (article, None, mentions, relations, sentences, skipped)  # entities: kept decoded, and shared
        return StoredArticle(a, tuple(self._entity(e) for e in entities), raw)

    def _event(self, t: tuple | None) -> tuple | None:
        return None if t is None else self._events.setdefault(t, t)

    def graph(self, t: tuple) -> ArticleGraph:
        """The ArticleGraph that graph_to_tuple encoded."""
        return self.stored(t).graph()

    def _entity(self, t: tuple) -> Entity:
        e = self._entities.get(t)
        if e is None:
            e = self._entities[t] = Entity(intern(t[0]), *t[1:])
        return e


def graph_from_tuple(t: tuple) -> ArticleGraph:
    """The ArticleGraph that graph_to_tuple encoded."""
    return Decoder().graph(t)
