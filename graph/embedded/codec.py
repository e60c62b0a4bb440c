"""ArticleGraph <-> plain tuples, and a pickle loader that refuses every class (so a data file cannot run code)."""

from __future__ import annotations

import io
import pickle
from datetime import date
from sys import intern

from graph.model import Article, ArticleGraph, Entity, Event, Mention, Relation

PROTOCOL = 5


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
    entities = tuple((e.id, e.name, e.type, e.aliases, e.iso, e.roles, e.affiliations) for e in g.entities)
    mentions = tuple((m.entity_id, m.text, m.sentence, m.start, m.end) for m in g.mentions)
    relations = tuple(_relation_to_tuple(r) for r in g.relations)
    return article, entities, mentions, relations, g.sentences, g.skipped


def _relation_to_tuple(r: Relation) -> tuple:
    ev = r.event
    event = (ev.cameo, ev.plover, ev.goldstein, ev.quad_class, ev.label) if ev is not None else None
    return (r.subject, r.predicate, r.object, r.article_id, r.sentence, r.start, r.end, r.text, r.theme,
            r.preposition, r.verb_phrase, event, r.negated, r.hypothetical, r.reported, r.attributed_to,
            r.confidence, _day(r.date))


class Decoder:
    """Rebuilds ArticleGraphs from tuples, sharing one object per distinct entity, event and id string.

    Articles repeat the same entities and events; sharing them keeps a reopened store as small as the one that
    was loaded, and lets entity merging see "same object" instead of comparing fields.
    """

    def __init__(self) -> None:
        self._entities: dict[tuple, Entity] = {}
        self._events: dict[tuple, Event] = {}

    def graph(self, t: tuple) -> ArticleGraph:
        """The ArticleGraph that graph_to_tuple encoded."""
        article, entities, mentions, relations, sentences, skipped = t
        a = Article(*article[:4], _date(article[4]), *article[5:])
        return ArticleGraph(
            article=a,
            entities=tuple(self._entity(e) for e in entities),
            mentions=tuple(Mention(intern(m[0]), *m[1:]) for m in mentions),
            relations=tuple(self._relation(r) for r in relations),
            sentences=sentences,
            skipped=skipped,
        )

    def _entity(self, t: tuple) -> Entity:
        e = self._entities.get(t)
        if e is None:
            e = self._entities[t] = Entity(intern(t[0]), *t[1:])
        return e

    def _relation(self, t: tuple) -> Relation:
        event = None
        if t[11] is not None:
            event = self._events.get(t[11])
            if event is None:
                event = self._events[t[11]] = Event(*t[11])
        return Relation(intern(t[0]), intern(t[1]), intern(t[2]), intern(t[3]), *t[4:11], event, *t[12:17],
                        _date(t[17]))


def graph_from_tuple(t: tuple) -> ArticleGraph:
    """The ArticleGraph that graph_to_tuple encoded."""
    return Decoder().graph(t)
